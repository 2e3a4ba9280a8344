// A declared name like an anonymous one wins; the anonymous element
// takes the next free number.
Idle -> Discard;
Idle@1 :: Idle;
Idle@3 :: Idle;
Idle@1 -> d :: Discard;
Idle@3 -> d;
