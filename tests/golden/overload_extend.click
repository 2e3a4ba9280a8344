// "..." adds a two-argument version to the primitive Queue.
elementclass Queue {
  $cap, $rate | input -> Queue($cap) -> Unqueue -> Paint($rate) -> output;
|| ...
}
src :: Idle;
src -> q1 :: Queue -> Discard;
src -> q2 :: Queue(10) -> Discard;
src -> q3 :: Queue(10, 5) -> Discard;
