p :: Print("never closed);
Idle -> p -> Discard;
