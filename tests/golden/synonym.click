elementclass MyCounter Counter;
elementclass Wrap { input -> MyCounter -> output }
elementclass Alias Wrap;
Idle -> c :: MyCounter -> w :: Alias -> Discard;
