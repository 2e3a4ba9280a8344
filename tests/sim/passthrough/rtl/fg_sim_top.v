`resetall
`timescale 1ns / 1ps
`default_nettype none

// fg_sim_top: a hand-written design with the sim board's fixed ports, for
// testing the simulation harness without the generator.
//
//   eth0 -> FIFO (with faults on request) -> eth1
//   eth2 -> FIFO -> eth3
//
// Registers (byte addresses): the ID block at 0x00..0x1c, then
//   0x20 scratch      read/write
//   0x24 packets      read-only: packets sent on eth1
//   0x28 slow         read-only: ~scratch, answered 5 cycles late
//   0x2c hole         never answers (until the request is withdrawn)
// Anything else, and writes to read-only registers, answer csr_err.
module fg_sim_top #(
    // datapath width in bits
    parameter W = 64,
    // register address width
    parameter AW = 8
) (
    input  wire              clk,
    input  wire              rst,

    input  wire [8*W-1:0]    rx_tdata,
    input  wire [8*W/8-1:0]  rx_tkeep,
    input  wire [7:0]        rx_tlast,
    input  wire [7:0]        rx_tvalid,
    output wire [7:0]        rx_tready,
    input  wire [8*32-1:0]   rx_tag,

    output wire [8*W-1:0]    tx_tdata,
    output wire [8*W/8-1:0]  tx_tkeep,
    output wire [7:0]        tx_tlast,
    output wire [7:0]        tx_tvalid,
    input  wire [7:0]        tx_tready,
    output wire [8*32-1:0]   tx_tag,

    input  wire              csr_valid,
    input  wire              csr_write,
    input  wire [AW-1:0]     csr_addr,
    input  wire [31:0]       csr_wdata,
    output wire              csr_ready,
    output wire              csr_err,
    output wire [31:0]       csr_rdata
);

localparam B = W / 8;

wire [W-1:0]  a_tdata, b_tdata;
wire [B-1:0]  a_tkeep, b_tkeep;
wire [31:0]   a_tag, b_tag;
wire          a_tlast, b_tlast, a_tvalid, b_tvalid, a_ready, b_ready;
wire          a_packet;

fg_pt_fifo #(.DATA_WIDTH(W), .SEED(16'hace1), .FAULTS(1)) u_path_a (
    .clk(clk), .rst(rst),
    .s_axis_tdata(rx_tdata[0*W +: W]), .s_axis_tkeep(rx_tkeep[0*B +: B]),
    .s_axis_tlast(rx_tlast[0]), .s_axis_tuser(rx_tag[0*32 +: 32]),
    .s_axis_tvalid(rx_tvalid[0]), .s_axis_tready(a_ready),
    .m_axis_tdata(a_tdata), .m_axis_tkeep(a_tkeep), .m_axis_tlast(a_tlast),
    .m_axis_tuser(a_tag), .m_axis_tvalid(a_tvalid),
    .m_axis_tready(tx_tready[1]),
    .status_packet(a_packet)
);

fg_pt_fifo #(.DATA_WIDTH(W), .SEED(16'h5eed), .FAULTS(0)) u_path_b (
    .clk(clk), .rst(rst),
    .s_axis_tdata(rx_tdata[2*W +: W]), .s_axis_tkeep(rx_tkeep[2*B +: B]),
    .s_axis_tlast(rx_tlast[2]), .s_axis_tuser(rx_tag[2*32 +: 32]),
    .s_axis_tvalid(rx_tvalid[2]), .s_axis_tready(b_ready),
    .m_axis_tdata(b_tdata), .m_axis_tkeep(b_tkeep), .m_axis_tlast(b_tlast),
    .m_axis_tuser(b_tag), .m_axis_tvalid(b_tvalid),
    .m_axis_tready(tx_tready[3]),
    .status_packet()
);

// unused rx slots take and drop; unused tx slots send nothing
assign rx_tready = {5'b11111, b_ready, 1'b1, a_ready};
assign tx_tdata = {{4*W{1'b0}}, b_tdata, {W{1'b0}}, a_tdata, {W{1'b0}}};
assign tx_tkeep = {{4*B{1'b0}}, b_tkeep, {B{1'b0}}, a_tkeep, {B{1'b0}}};
assign tx_tlast = {4'd0, b_tlast, 1'b0, a_tlast, 1'b0};
assign tx_tvalid = {4'd0, b_tvalid, 1'b0, a_tvalid, 1'b0};
assign tx_tag = {{4*32{1'b0}}, b_tag, 32'd0, a_tag, 32'd0};

// ---- registers ----
reg [31:0] scratch_reg = 32'd0;
reg [31:0] packets_reg = 32'd0;
reg        busy_reg = 1'b0;
reg [2:0]  wait_reg = 3'd0;
reg        hole_reg = 1'b0;
reg        ready_reg = 1'b0;
reg        err_reg = 1'b0;
reg [31:0] rdata_reg = 32'd0;

reg [31:0] rvalue;
reg        rok;
reg        wok;
always @* begin
    rok = 1'b1;
    wok = 1'b0;
    case (csr_addr)
        8'h00: rvalue = 32'h46504741;
        8'h04: rvalue = 32'd1;
        8'h08: rvalue = 32'h89abcdef;
        8'h0c: rvalue = 32'h01234567;
        8'h10: rvalue = W;
        8'h14: rvalue = 32'd4;
        8'h18: rvalue = 32'd32;
        8'h1c: rvalue = AW;
        8'h20: begin rvalue = scratch_reg; wok = 1'b1; end
        8'h24: rvalue = packets_reg;
        8'h28: rvalue = ~scratch_reg;
        8'h2c: rvalue = 32'd0;
        default: begin rvalue = 32'd0; rok = 1'b0; end
    endcase
end

always @(posedge clk) begin
    ready_reg <= 1'b0;
    if (a_packet)
        packets_reg <= packets_reg + 1'b1;
    if (csr_valid && !busy_reg && !ready_reg) begin
        busy_reg <= 1'b1;
        wait_reg <= csr_addr == 8'h28 ? 3'd5 : 3'd0;
        hole_reg <= csr_addr == 8'h2c;
    end else if (busy_reg) begin
        if (!csr_valid) begin
            busy_reg <= 1'b0;       // the request was withdrawn
        end else if (hole_reg) begin
            busy_reg <= 1'b1;
        end else if (wait_reg != 0) begin
            wait_reg <= wait_reg - 1'b1;
        end else begin
            busy_reg <= 1'b0;
            ready_reg <= 1'b1;
            err_reg <= csr_write ? !wok : !rok;
            rdata_reg <= csr_write ? 32'd0 : rvalue;
            if (csr_write && wok)
                scratch_reg <= csr_wdata;
        end
    end
    if (rst) begin
        scratch_reg <= 32'd0;
        packets_reg <= 32'd0;
        busy_reg <= 1'b0;
        ready_reg <= 1'b0;
    end
end

assign csr_ready = ready_reg;
assign csr_err = err_reg;
assign csr_rdata = rdata_reg;

endmodule

`resetall
