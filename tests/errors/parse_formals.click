elementclass A { KEY $k, $a | input -> Paint($a) -> output }
elementclass B { $a, $a | input -> output }
elementclass C { $a, KEY $k, KEY $j | input -> output }
define(x 1, $y 2, $y 3)
