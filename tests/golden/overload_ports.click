elementclass Sw {
  input -> output;
||
  input -> t :: Tee(2); t [0] -> output; t [1] -> [1] output;
}
Idle -> s1 :: Sw -> Discard;
Idle -> s2 :: Sw;
s2 -> Discard;
s2 [1] -> Discard;
