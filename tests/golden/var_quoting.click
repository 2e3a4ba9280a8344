define($x 5, $s two words)
Idle -> Print('$x', "$x", $x, "$s", "\$x", \$x) -> Discard;
