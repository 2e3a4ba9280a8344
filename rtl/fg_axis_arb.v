`resetall
`timescale 1ns / 1ps
`default_nettype none

// fg_axis_arb: packet-level round-robin arbiter, PORTS streams into one.
//
// The grant moves only between packets: once the first beat of a packet
// is taken from an input, that input keeps the output until its tlast.
// At a packet boundary the next input is chosen in the same cycle among
// the inputs offering a beat, starting after the input served last, so
// packets from different inputs follow each other with no idle cycle and
// every waiting input is served within PORTS-1 packets of the others.
//
// The output goes through an fg_axis_skid (rtl/fg_axis_skid.v), so the
// m_axis_* outputs are registered and m_axis_tready reaches no s_axis
// tready combinationally.  s_axis_tready[i] depends on the tvalid of the
// other inputs at a packet boundary (allowed by the handshake rules: a
// sender never waits for tready before raising tvalid).
//
// Latency one cycle; one beat per cycle sustained across packet and input
// boundaries.
module fg_axis_arb #(
    // number of inputs (>= 1)
    parameter PORTS = 2,
    // stream width in bits: 8, 16, 32, ... 512
    parameter DATA_WIDTH = 64,
    // tuser width in bits (>= 1; tie to 1'b0 when the stream carries none)
    parameter USER_WIDTH = 1
) (
    input  wire                           clk,
    input  wire                           rst,

    // sinks: input i is bits [i*DATA_WIDTH +: DATA_WIDTH] etc.
    input  wire [PORTS*DATA_WIDTH-1:0]    s_axis_tdata,
    input  wire [PORTS*DATA_WIDTH/8-1:0]  s_axis_tkeep,
    input  wire [PORTS-1:0]               s_axis_tlast,
    input  wire [PORTS*USER_WIDTH-1:0]    s_axis_tuser,
    input  wire [PORTS-1:0]               s_axis_tvalid,
    output reg  [PORTS-1:0]               s_axis_tready,

    // source
    output wire [DATA_WIDTH-1:0]          m_axis_tdata,
    output wire [DATA_WIDTH/8-1:0]        m_axis_tkeep,
    output wire                           m_axis_tlast,
    output wire [USER_WIDTH-1:0]          m_axis_tuser,
    output wire                           m_axis_tvalid,
    input  wire                           m_axis_tready
);

localparam KEEP_WIDTH = DATA_WIDTH / 8;
localparam SEL_WIDTH = PORTS > 1 ? $clog2(PORTS) : 1;

generate
    if (PORTS < 1) begin : g_check_ports
        fg_param_error_ports_must_be_at_least_1 u_error ();
    end
endgenerate

reg [SEL_WIDTH-1:0] grant_reg, grant_next;   // input served last / now
reg                 busy_reg, busy_next;     // inside a packet of grant_reg

reg [SEL_WIDTH-1:0] pick;                    // next input by round robin
reg [PORTS-1:0]     after_grant;             // inputs numbered above grant_reg
reg [PORTS-1:0]     req_after;
reg [SEL_WIDTH-1:0] sel;

reg [DATA_WIDTH-1:0] mux_tdata;
reg [KEEP_WIDTH-1:0] mux_tkeep;
reg                  mux_tlast;
reg [USER_WIDTH-1:0] mux_tuser;
reg                  mux_tvalid;
wire                 mux_tready;

integer i, j;

// round robin: the lowest-numbered requester above the last grant, else
// the lowest-numbered requester
always @* begin
    for (i = 0; i < PORTS; i = i + 1) begin
        after_grant[i] = i > grant_reg;
    end
    req_after = s_axis_tvalid & after_grant;
    pick = grant_reg;
    for (i = PORTS - 1; i >= 0; i = i - 1) begin
        if (s_axis_tvalid[i]) pick = i[SEL_WIDTH-1:0];
    end
    for (i = PORTS - 1; i >= 0; i = i - 1) begin
        if (req_after[i]) pick = i[SEL_WIDTH-1:0];
    end
    sel = busy_reg ? grant_reg : pick;
end

always @* begin
    mux_tdata = {DATA_WIDTH{1'b0}};
    mux_tkeep = {KEEP_WIDTH{1'b0}};
    mux_tlast = 1'b0;
    mux_tuser = {USER_WIDTH{1'b0}};
    mux_tvalid = 1'b0;
    for (j = 0; j < PORTS; j = j + 1) begin
        s_axis_tready[j] = mux_tready && sel == j[SEL_WIDTH-1:0];
        if (sel == j[SEL_WIDTH-1:0]) begin
            mux_tdata = mux_tdata | s_axis_tdata[j*DATA_WIDTH +: DATA_WIDTH];
            mux_tkeep = mux_tkeep | s_axis_tkeep[j*KEEP_WIDTH +: KEEP_WIDTH];
            mux_tlast = mux_tlast | s_axis_tlast[j];
            mux_tuser = mux_tuser | s_axis_tuser[j*USER_WIDTH +: USER_WIDTH];
            mux_tvalid = mux_tvalid | s_axis_tvalid[j];
        end
    end
end

always @* begin
    grant_next = grant_reg;
    busy_next = busy_reg;
    if (mux_tvalid && mux_tready) begin
        grant_next = sel;
        busy_next = !mux_tlast;
    end
end

always @(posedge clk) begin
    grant_reg <= grant_next;
    busy_reg <= busy_next;
    if (rst) begin
        grant_reg <= PORTS[SEL_WIDTH-1:0] - 1'b1;
        busy_reg <= 1'b0;
    end
end

fg_axis_skid #(
    .DATA_WIDTH(DATA_WIDTH),
    .USER_WIDTH(USER_WIDTH)
) u_out (
    .clk(clk),
    .rst(rst),
    .s_axis_tdata(mux_tdata),
    .s_axis_tkeep(mux_tkeep),
    .s_axis_tlast(mux_tlast),
    .s_axis_tuser(mux_tuser),
    .s_axis_tvalid(mux_tvalid),
    .s_axis_tready(mux_tready),
    .m_axis_tdata(m_axis_tdata),
    .m_axis_tkeep(m_axis_tkeep),
    .m_axis_tlast(m_axis_tlast),
    .m_axis_tuser(m_axis_tuser),
    .m_axis_tvalid(m_axis_tvalid),
    .m_axis_tready(m_axis_tready)
);

endmodule

`resetall
