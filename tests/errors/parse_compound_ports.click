elementclass One { input -> Paint(1) -> output }
c :: One;
Idle -> [1] c;
c [1] -> Discard;
