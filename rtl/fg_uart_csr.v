`resetall
`timescale 1ns / 1ps
`default_nettype none

// fg_uart_csr: register-bus master behind a UART (8N1), for boards whose
// host reaches the design through a serial port.  The frame protocol is
// docs/uart.md; in short (bytes on the wire, multi-byte fields little
// endian, CRC-8 polynomial 0x07, initial value 0, over every byte of the
// frame from the start byte on):
//
//   request   A5 ctrl [addr x4] [data x4] crc
//             ctrl = {tag[3:0], 2'b00, op[1:0]}; op 0 read (addr), 1 write
//             (addr, data), 2 info (no fields); 3 bytes long for info,
//             7 for a read, 11 for a write
//   response  5A status [data x4] crc
//             status = {tag[3:0], op[1:0], code[1:0]} with the request's
//             tag and op; code 0 ok, 1 csr_err, 2 bus timeout, 3 bad frame;
//             data follows for code 0 with op 0 (the register) or op 2
//             (the info word)
//
// Receiving.  Outside a frame every byte but A5 is ignored.  After A5 the
// bytes of the frame are collected; the frame ends with its last byte
// (the length follows from op) and is bad if the CRC does not check, a byte
// had a framing error, or a reserved ctrl bit or op 3 is set: a bad frame
// is answered with code 3 and has no other effect.  A frame whose next byte
// does not complete within FRAME_TIMEOUT_BITS bit times of the previous one
// is dropped without an answer.  Either way the receiver then looks for A5
// again.  One complete request can wait while the previous one is executed
// and answered; bytes arriving while one waits are dropped (a start byte
// among them is kept until the next byte arrives, and starts a frame if
// the receiver is free by then).
//
// Executing.  A read or write whose address is unaligned or has bits set
// at or above ADDR_WIDTH is answered with code 1 without a bus access.
// Otherwise the request is presented on the register bus (csr_valid, op,
// address, data held until csr_ready) and answered with csr_err (code 1 or
// 0) and, for a read, csr_rdata.  If csr_ready has not come after
// BUS_TIMEOUT_CYCLES cycles the request is withdrawn (csr_valid falls) and
// answered with code 2; a csr_ready that comes later is ignored.
//
// Retries.  The bridge remembers the tag, op and answer of the last read
// or write it executed.  A good read or write frame with the same tag and
// op is a retry: its answer is sent again, with no bus access, so a host
// that lost an answer can ask again without writing twice or popping a
// read-sensitive register twice.  A new request must therefore carry a
// tag different from the previous one; an info frame forgets the last
// request (a host sends one when it opens the port).
//
// Info word (op 2): bits 7:0 protocol version (1), 15:8 ADDR_WIDTH,
// 31:16 FRAME_TIMEOUT_BITS.
//
// Timing: the response's first start bit begins about 8 cycles plus the bus
// access (csr_valid to csr_ready) after the middle of the request's last
// stop bit; its bytes follow back to back, ten bit times each.
//
// Resources (CLKS_PER_BIT = 104, ADDR_WIDTH = 16, Yosys synth_ice40):
// 270 SB_LUT4, 44 SB_CARRY, 305 flops; about 57 MHz on an iCE40 UP5K and
// 150 MHz on an HX8K (nextpnr-ice40; tests/rtl/run_uart.sh places it on the
// UP5K).
module fg_uart_csr #(
    // clock cycles per UART bit: the clock frequency divided by the baud
    // rate, rounded to the nearest integer (at least 4)
    parameter CLKS_PER_BIT = 104,
    // register-bus address width in bits (2..32)
    parameter ADDR_WIDTH = 16,
    // longest silence inside a request frame, in bit times, measured from
    // one received byte to the next (20..65535)
    parameter FRAME_TIMEOUT_BITS = 1000,
    // cycles a register-bus request may wait for csr_ready (at least 1)
    parameter BUS_TIMEOUT_CYCLES = 4096
) (
    input  wire                  clk,
    input  wire                  rst,

    // serial port (rxd asynchronous to clk), idle high
    input  wire                  uart_rxd,
    output wire                  uart_txd,

    // register bus (master)
    output wire                  csr_valid,
    output wire                  csr_write,
    output wire [ADDR_WIDTH-1:0] csr_addr,
    output wire [31:0]           csr_wdata,
    input  wire                  csr_ready,
    input  wire [31:0]           csr_rdata,
    input  wire                  csr_err
);

generate
    if (ADDR_WIDTH < 2 || ADDR_WIDTH > 32) begin : g_check_addr
        fg_param_error_addr_width_must_be_2_to_32 u_error ();
    end
    if (FRAME_TIMEOUT_BITS < 20 || FRAME_TIMEOUT_BITS > 65535) begin : g_check_frame_timeout
        fg_param_error_frame_timeout_bits_must_be_20_to_65535 u_error ();
    end
    if (BUS_TIMEOUT_CYCLES < 1) begin : g_check_bus_timeout
        fg_param_error_bus_timeout_cycles_must_be_at_least_1 u_error ();
    end
endgenerate

localparam [7:0] SOF_REQUEST = 8'hA5;
localparam [7:0] SOF_RESPONSE = 8'h5A;

localparam [1:0] OP_READ = 2'd0,
                 OP_WRITE = 2'd1,
                 OP_INFO = 2'd2;

localparam [1:0] CODE_OK = 2'd0,
                 CODE_CSR_ERR = 2'd1,
                 CODE_TIMEOUT = 2'd2,
                 CODE_BAD_FRAME = 2'd3;

localparam [7:0] PROTOCOL_VERSION = 8'd1;
localparam [31:0] INFO_WORD = {FRAME_TIMEOUT_BITS[15:0], ADDR_WIDTH[7:0], PROTOCOL_VERSION};

// frame timeout counter: counts down from the last byte; its top bit sets
// (the count went below zero) FRAME_TIMEOUT_CLKS cycles after the byte
localparam FRAME_TIMEOUT_CLKS = CLKS_PER_BIT * FRAME_TIMEOUT_BITS;
localparam GW = $clog2(FRAME_TIMEOUT_CLKS) + 1;
localparam GAP_START_COUNT = FRAME_TIMEOUT_CLKS - 2;
localparam [GW-1:0] GAP_START = GAP_START_COUNT[GW-1:0];

// bus timeout counter: counts the cycles csr_valid has been high; the
// expiry flag is set one cycle ahead (a flop, off the critical path)
localparam BTW = BUS_TIMEOUT_CYCLES > 1 ? $clog2(BUS_TIMEOUT_CYCLES) : 1;
localparam BUS_EXPIRE_AHEAD_COUNT = BUS_TIMEOUT_CYCLES > 1 ? BUS_TIMEOUT_CYCLES - 2 : 0;
localparam [BTW-1:0] BUS_EXPIRE_AHEAD = BUS_EXPIRE_AHEAD_COUNT[BTW-1:0];
localparam BUS_EXPIRE_AT_ONCE = BUS_TIMEOUT_CYCLES == 1;

// CRC-8, polynomial x^8 + x^2 + x + 1, most significant bit first: the
// register after one more byte.  A frame followed by its CRC leaves 0.
function [7:0] crc8;
    input [7:0] crc;
    input [7:0] data;
    integer i;
    reg [7:0] c;
    begin
        c = crc ^ data;
        for (i = 0; i < 8; i = i + 1) begin
            c = c[7] ? {c[6:0], 1'b0} ^ 8'h07 : {c[6:0], 1'b0};
        end
        crc8 = c;
    end
endfunction

localparam [7:0] CRC_AFTER_SOF = crc8(8'h00, SOF_REQUEST);

// ---- UART ---------------------------------------------------------------

wire [7:0] rx_data;
wire       rx_valid;
wire       rx_frame_err;
wire [7:0] tx_data;
wire       tx_valid;
wire       tx_ready;

fg_uart_rx #(
    .CLKS_PER_BIT(CLKS_PER_BIT)
) u_rx (
    .clk(clk),
    .rst(rst),
    .rxd(uart_rxd),
    .rx_data(rx_data),
    .rx_valid(rx_valid),
    .rx_frame_err(rx_frame_err)
);

fg_uart_tx #(
    .CLKS_PER_BIT(CLKS_PER_BIT)
) u_tx (
    .clk(clk),
    .rst(rst),
    .tx_data(tx_data),
    .tx_valid(tx_valid),
    .tx_ready(tx_ready),
    .txd(uart_txd)
);

// ---- Receiving: request frames ------------------------------------------

reg           in_frame_reg;  // after a start byte, frame not complete
reg           full_reg;      // a complete frame waits for the executor
reg [3:0]     count_reg;     // bytes of the frame received, start byte included
reg [7:0]     rx_crc_reg;
reg           rx_ferr_reg;   // a byte of this frame had a framing error
reg [7:0]     ctrl_reg;
reg [31:0]    addr_reg;      // shifted in from the top: little endian
reg [31:0]    data_reg;
reg           good_reg;      // the complete frame checked out
reg [GW-1:0]  gap_reg;       // frame timeout: negative when expired
// what the next byte of the frame is, from count_reg a cycle earlier
// (bytes are at least ten bit times apart)
reg           ctrl_next_reg;
reg           addr_next_reg;
reg           data_next_reg;
reg           crc_next_reg;

wire       rx_byte = rx_valid || rx_frame_err;
wire [7:0] rx_crc_next = crc8(rx_crc_reg, rx_data);
wire [1:0] frame_op = ctrl_reg[1:0];
// index of the CRC byte: read 6, write 10, info 2 (and op 3, a bad frame)
wire [3:0] crc_index = frame_op == OP_READ ? 4'd6 : frame_op == OP_WRITE ? 4'd10 : 4'd2;
wire       frame_end = in_frame_reg && rx_byte && crc_next_reg;

// A start byte received outside a frame waits here until the receiver is
// free (no complete frame waiting) or the next byte arrives.
reg        sof_reg;

wire       take;             // the executor takes the waiting frame
wire       start = sof_reg && !in_frame_reg && !full_reg && !rx_byte;

always @(posedge clk) begin
    if (in_frame_reg) begin
        if (rx_byte) begin
            count_reg <= count_reg + 1'b1;
            rx_crc_reg <= rx_crc_next;
            gap_reg <= GAP_START;
            if (rx_frame_err) rx_ferr_reg <= 1'b1;
            if (ctrl_next_reg) ctrl_reg <= rx_data;
            if (addr_next_reg) addr_reg <= {rx_data, addr_reg[31:8]};
            if (data_next_reg) data_reg <= {rx_data, data_reg[31:8]};
            if (frame_end) begin
                in_frame_reg <= 1'b0;
                full_reg <= 1'b1;
                good_reg <= rx_crc_next == 8'h00 && !rx_ferr_reg && !rx_frame_err &&
                            ctrl_reg[3:2] == 2'b00 && frame_op != 2'd3;
            end
        end else if (gap_reg[GW-1]) begin
            in_frame_reg <= 1'b0;
        end else begin
            gap_reg <= gap_reg - 1'b1;
        end
    end

    if (take) full_reg <= 1'b0;

    ctrl_next_reg <= count_reg == 4'd1;
    addr_next_reg <= count_reg >= 4'd2 && count_reg <= 4'd5;
    data_next_reg <= count_reg >= 4'd6 && count_reg <= 4'd9;
    crc_next_reg <= count_reg == crc_index;

    if (rx_byte) sof_reg <= rx_valid && rx_data == SOF_REQUEST && !in_frame_reg;
    else if (start) sof_reg <= 1'b0;
    if (start) begin
        in_frame_reg <= 1'b1;
        count_reg <= 4'd1;
        rx_crc_reg <= CRC_AFTER_SOF;
        rx_ferr_reg <= 1'b0;
        gap_reg <= GAP_START;
    end

    if (rst) begin
        in_frame_reg <= 1'b0;
        full_reg <= 1'b0;
        sof_reg <= 1'b0;
    end
end

// ---- Executing and answering --------------------------------------------

// The executor is idle, on the bus (csr_valid_reg) or sending (send_reg).
reg                  send_reg;
reg                  csr_valid_reg;
reg                  csr_write_reg;
reg [ADDR_WIDTH-1:0] csr_addr_reg;
reg [31:0]           csr_wdata_reg;
reg [BTW-1:0]        bus_wait_reg;
reg                  bus_expire_reg; // last cycle before the bus timeout
reg [7:0]            status_reg;     // status byte of the response
reg [31:0]           rdata_reg;      // its data (read or info)
reg [2:0]            index_reg;      // response bytes sent so far
reg [7:0]            tx_crc_reg;
// the last read or write executed: its tag and op, and its code
reg                  last_valid_reg;
reg [5:0]            last_id_reg;
reg [1:0]            last_code_reg;

// What to do with the waiting frame, decided from registers one stage
// ahead of the executor, so that no long path runs from the frame's
// fields to the executor's flops.  The executor takes a frame two cycles
// after it completes: by then the decision reflects the frame, and the
// last_* registers it also depends on changed long before (they change
// only when the executor takes a frame or ends a bus access, and the
// executor then spends at least three byte times sending).
reg        addr_bad_reg;     // unaligned, or bits at or above ADDR_WIDTH
reg        retry_reg;        // a read or write with the last one's tag and op
reg        do_rw_reg;        // a good read or write frame
reg        do_info_reg;      // answer the info word
reg        do_addr_err_reg;  // answer code 1 without a bus access
reg        do_bus_reg;       // present the request on the bus
reg [1:0]  take_code_reg;    // the code, unless the bus decides it
reg        full_seen_reg;    // full_reg was already high last cycle

wire [3:0] frame_tag = ctrl_reg[7:4];
wire       frame_rw = frame_op == OP_READ || frame_op == OP_WRITE;

always @(posedge clk) begin
    addr_bad_reg <= addr_reg[1:0] != 2'b00 || (addr_reg >> ADDR_WIDTH) != 32'd0;
    retry_reg <= last_valid_reg && frame_rw && last_id_reg == {frame_tag, frame_op};
    do_rw_reg <= good_reg && frame_rw;
    do_info_reg <= good_reg && frame_op == OP_INFO;
    do_addr_err_reg <= good_reg && frame_rw && !retry_reg && addr_bad_reg;
    do_bus_reg <= good_reg && frame_rw && !retry_reg && !addr_bad_reg;
    take_code_reg <= !good_reg ? CODE_BAD_FRAME : retry_reg ? last_code_reg :
                     frame_rw && addr_bad_reg ? CODE_CSR_ERR : CODE_OK;
    full_seen_reg <= full_reg && !take;
    if (rst) full_seen_reg <= 1'b0;
end

assign take = full_seen_reg && !send_reg && !csr_valid_reg;

// The response: 5A, status, data (4 bytes, when it has any), CRC.  The
// byte offered to the transmitter is a register, prepared when the one
// before it is taken; the CRC byte is offered from tx_crc_reg, which by
// then covers every byte before it.
reg  [7:0] byte_reg;         // the response byte offered (unless crc_sel_reg)
reg        crc_sel_reg;      // offering the CRC, the last byte
reg        has_data_reg;     // the response carries rdata_reg
wire [1:0] bus_code = !csr_ready ? CODE_TIMEOUT : csr_err ? CODE_CSR_ERR : CODE_OK;

assign tx_valid = send_reg;
assign tx_data = crc_sel_reg ? tx_crc_reg : byte_reg;

assign csr_valid = csr_valid_reg;
assign csr_write = csr_write_reg;
assign csr_addr = csr_addr_reg;
assign csr_wdata = csr_wdata_reg;

always @(posedge clk) begin
    if (take) begin
        send_reg <= !do_bus_reg;
        csr_valid_reg <= do_bus_reg;
        status_reg <= {frame_tag, frame_op, take_code_reg};
        has_data_reg <= take_code_reg == CODE_OK && (frame_op == OP_READ || frame_op == OP_INFO);
        // the bus fields change only here; csr_valid says when they count
        csr_write_reg <= frame_op == OP_WRITE;
        csr_addr_reg <= addr_reg[ADDR_WIDTH-1:0];
        csr_wdata_reg <= data_reg;
        bus_wait_reg <= {BTW{1'b0}};
        bus_expire_reg <= BUS_EXPIRE_AT_ONCE;
        if (do_rw_reg) last_id_reg <= {frame_tag, frame_op};
        if (do_info_reg) rdata_reg <= INFO_WORD;
        // an info frame forgets the last request; a bus access forgets it
        // until its own answer is known
        if (do_info_reg || do_bus_reg) last_valid_reg <= 1'b0;
        if (do_addr_err_reg) begin
            last_valid_reg <= 1'b1;
            last_code_reg <= CODE_CSR_ERR;
        end
    end

    if (csr_valid_reg) begin
        bus_wait_reg <= bus_wait_reg + 1'b1;
        bus_expire_reg <= bus_wait_reg == BUS_EXPIRE_AHEAD;
        if (csr_ready || bus_expire_reg) begin
            csr_valid_reg <= 1'b0;
            send_reg <= 1'b1;
            rdata_reg <= csr_rdata;
            status_reg[1:0] <= bus_code;
            has_data_reg <= bus_code == CODE_OK && !csr_write_reg;
            last_valid_reg <= 1'b1;
            last_code_reg <= bus_code;
        end
    end

    if (!send_reg) begin
        byte_reg <= SOF_RESPONSE;
        crc_sel_reg <= 1'b0;
        index_reg <= 3'd0;
        tx_crc_reg <= 8'h00;
    end else if (tx_ready) begin
        index_reg <= index_reg + 1'b1;
        tx_crc_reg <= crc8(tx_crc_reg, byte_reg);
        case (index_reg)
            3'd0: byte_reg <= status_reg;
            3'd1: byte_reg <= rdata_reg[7:0];
            3'd2: byte_reg <= rdata_reg[15:8];
            3'd3: byte_reg <= rdata_reg[23:16];
            default: byte_reg <= rdata_reg[31:24];
        endcase
        crc_sel_reg <= index_reg == (has_data_reg ? 3'd5 : 3'd1);
        if (crc_sel_reg) send_reg <= 1'b0;
    end

    if (rst) begin
        send_reg <= 1'b0;
        csr_valid_reg <= 1'b0;
        last_valid_reg <= 1'b0;
    end
end

endmodule

`resetall
