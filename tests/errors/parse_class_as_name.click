Counter :: Counter;
c :: Idle;
x :: c;
elementclass c { input -> output }
