FromDevice(eth0) -> Paint(3) -> CheckPaint(3) -> Queue -> ToDevice(eth1);
