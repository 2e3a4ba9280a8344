elementclass Q {
  input -> Queue -> output
|| $cap | input -> Queue($cap) -> output
}
Idle -> Q(1, 2) -> Discard;
