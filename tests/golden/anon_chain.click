Idle -> Counter -> Paint(3) -> Discard;
Idle -> Discard;
