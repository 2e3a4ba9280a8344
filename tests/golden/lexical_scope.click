// B uses the A defined before it, not the later one.
elementclass A { input -> Null -> output }
elementclass B { input -> A -> output }
elementclass A { input -> Paint(2) -> output }
Idle -> B -> A -> Discard;
