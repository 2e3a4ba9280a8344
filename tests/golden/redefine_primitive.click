// Inside its own definition, Paint still means the primitive Paint.
elementclass Paint { $c | input -> Paint($c) -> Strip(1) -> output }
Idle -> Paint(5) -> Discard;
