elementclass G {
  input -> [0] output;
  [1] -> Null -> [1] output;
  input [2] -> Null -> output -> Null;
}
Idle -> G -> Discard;
