src :: Idle;
src -> Discard;
/* this comment
   never ends
