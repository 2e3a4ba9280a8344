// tb_csr_master.vh: a register-bus master for testbench tops.  Included
// inside the module after tb_common.vh; the module declares
// bus_valid, bus_write, bus_addr, bus_wdata (regs) and bus_ready,
// bus_rdata, bus_err (wires), and the parameter CSR_GAP_MAX: the master
// waits 0..CSR_GAP_MAX cycles with valid low before each request.

integer csr_seed = SEED + 33;

// one request; `cycles` is the number of cycles valid was high (the last
// one being the cycle with ready)
task csr_access;
    input         write;
    input  [31:0] addr;
    input  [31:0] wdata;
    output [31:0] rdata;
    output        err;
    output integer cycles;
    integer gap;
    begin
        gap = $unsigned($random(csr_seed)) % (CSR_GAP_MAX + 1);
        wait_cycles(gap);
        @(negedge clk);
        bus_valid = 1'b1;
        bus_write = write;
        bus_addr = addr;
        bus_wdata = wdata;
        cycles = 1;
        #1;
        while (!bus_ready) begin
            @(negedge clk);
            #1;
            cycles = cycles + 1;
        end
        rdata = bus_rdata;
        err = bus_err;
        // the request ends at the coming edge; change nothing before it
        @(posedge clk);
        #1;
        bus_valid = 1'b0;
        bus_write = 1'bx;
        bus_addr = {32{1'bx}};
        bus_wdata = {32{1'bx}};
    end
endtask
