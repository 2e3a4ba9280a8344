a :: ;
b :: Idle(1) c;
elementclass ;
Idle -> b;
