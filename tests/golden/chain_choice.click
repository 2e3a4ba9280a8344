t :: Tee(3);
s :: Idle;
s -> t;
t [0] -> [1] x :: Null;
t [0] -> y :: Null;
t [0] -> z :: Null;
z -> [1] u :: Null;
z -> [2] u2 :: Null;
