compound :: {
  input -> Paint(1) -> output;
  input [1] -> Paint(2) -> [1] output;
};
a :: Idle; b :: Discard; c :: Idle; d :: Discard;
a -> compound -> b;
c -> [1] compound [1] -> d;
