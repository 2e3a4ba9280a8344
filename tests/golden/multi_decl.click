a, b, c :: Counter(1);
d , e :: Paint(7)
x :: Idle;
x -> a -> b -> c -> d -> e -> Discard;
