elementclass C { input -> x :: Counter -> output }
c/x :: Counter;
c :: C;
Idle -> c -> c/x -> Discard;
