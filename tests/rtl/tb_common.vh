// tb_common.vh: clock, reset, verdict and watchdog for a testbench top.
// Included inside the testbench module; the module defines TIMEOUT (a
// parameter, in cycles) and tb_errors (the count of checker errors so far,
// quoted when the watchdog fires).  The verdict is the last line printed:
// `PASS` or `FAIL: <first failure>`.

reg clk = 1'b0;
reg rst = 1'b1;
reg [31:0] cycle = 0;
integer nfail = 0;
reg [8*160-1:0] first_fail;

always #5 clk = !clk;
always @(posedge clk) cycle <= cycle + 1;

task fail;
    input [8*160-1:0] msg;
    begin
        if (nfail == 0) first_fail = msg;
        nfail = nfail + 1;
        $display("t=%0t: %0s", $time, msg);
    end
endtask

task finish;
    begin
        if (nfail == 0) $display("PASS");
        else $display("FAIL: %0s", first_fail);
        $finish;
    end
endtask

task wait_cycles;
    input integer n;
    integer i;
    begin
        for (i = 0; i < n; i = i + 1) @(posedge clk);
    end
endtask

task reset;
    begin
        rst = 1'b1;
        wait_cycles(4);
        @(negedge clk);
        rst = 1'b0;
    end
endtask

always @(posedge clk) begin
    if (cycle == TIMEOUT) begin
        if (tb_errors != 0) begin
            $sformat(first_fail, "timeout after %0d checker errors", tb_errors);
            fail(first_fail);
        end else begin
            fail("timeout");
        end
        finish;
    end
end
