a :: Idle;
b :: Discard;
a -> { input -> Counter -> output } -> b;
a -> anon :: { input -> Paint(5) -> output } -> b;
