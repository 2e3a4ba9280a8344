elementclass Counted {
  input -> c :: Counter -> output;
}
src :: Idle;
cc :: Counted;
src -> cc -> Discard;
