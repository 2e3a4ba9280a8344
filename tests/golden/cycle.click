a :: Null; b :: Null; c :: Null;
a -> b -> c -> a;
