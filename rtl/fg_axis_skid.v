`resetall
`timescale 1ns / 1ps
`default_nettype none

// fg_axis_skid: skid register for the fpgagen packet stream.
//
// Cuts every combinational path between its two sides: s_axis_tready is a
// flop and so are all m_axis_* outputs.  Latency one cycle, one beat per
// cycle sustained, no bubble, nothing lost under back-pressure.
//
// Two stages: the output register (m_*) and a skid register that catches
// the one beat still arriving in the cycle after m_axis_tready fell.
// s_axis_tready is high exactly when the skid register is empty.
module fg_axis_skid #(
    // stream width in bits: 8, 16, 32, ... 512
    parameter DATA_WIDTH = 64,
    // tuser width in bits (>= 1; tie to 1'b0 when the stream carries none)
    parameter USER_WIDTH = 1
) (
    input  wire                    clk,
    input  wire                    rst,

    // sink
    input  wire [DATA_WIDTH-1:0]   s_axis_tdata,
    input  wire [DATA_WIDTH/8-1:0] s_axis_tkeep,
    input  wire                    s_axis_tlast,
    input  wire [USER_WIDTH-1:0]   s_axis_tuser,
    input  wire                    s_axis_tvalid,
    output wire                    s_axis_tready,

    // source
    output wire [DATA_WIDTH-1:0]   m_axis_tdata,
    output wire [DATA_WIDTH/8-1:0] m_axis_tkeep,
    output wire                    m_axis_tlast,
    output wire [USER_WIDTH-1:0]   m_axis_tuser,
    output wire                    m_axis_tvalid,
    input  wire                    m_axis_tready
);

localparam KEEP_WIDTH = DATA_WIDTH / 8;
// one beat packed: {tuser, tlast, tkeep, tdata}
localparam BEAT_WIDTH = DATA_WIDTH + KEEP_WIDTH + 1 + USER_WIDTH;

generate
    if (DATA_WIDTH < 8 || DATA_WIDTH % 8 != 0) begin : g_check_width
        fg_param_error_data_width_must_be_a_multiple_of_8 u_error ();
    end
    if (USER_WIDTH < 1) begin : g_check_user
        fg_param_error_user_width_must_be_at_least_1 u_error ();
    end
endgenerate

reg                  out_valid_reg, out_valid_next;
reg [BEAT_WIDTH-1:0] out_beat_reg;
reg                  skid_valid_reg, skid_valid_next;
reg [BEAT_WIDTH-1:0] skid_beat_reg;

// which register loads what in this cycle
reg load_out_from_in;
reg load_out_from_skid;
reg load_skid_from_in;

wire [BEAT_WIDTH-1:0] in_beat = {s_axis_tuser, s_axis_tlast, s_axis_tkeep, s_axis_tdata};

assign s_axis_tready = !skid_valid_reg;

assign m_axis_tvalid = out_valid_reg;
assign {m_axis_tuser, m_axis_tlast, m_axis_tkeep, m_axis_tdata} = out_beat_reg;

always @* begin
    out_valid_next = out_valid_reg;
    skid_valid_next = skid_valid_reg;
    load_out_from_in = 1'b0;
    load_out_from_skid = 1'b0;
    load_skid_from_in = 1'b0;

    if (!skid_valid_reg) begin
        // ready: a beat offered now is taken
        if (m_axis_tready || !out_valid_reg) begin
            out_valid_next = s_axis_tvalid;
            load_out_from_in = 1'b1;
        end else begin
            skid_valid_next = s_axis_tvalid;
            load_skid_from_in = 1'b1;
        end
    end else if (m_axis_tready) begin
        // not ready: the output drains, the skid beat moves up
        out_valid_next = 1'b1;
        skid_valid_next = 1'b0;
        load_out_from_skid = 1'b1;
    end
end

always @(posedge clk) begin
    out_valid_reg <= out_valid_next;
    skid_valid_reg <= skid_valid_next;

    if (load_out_from_in) begin
        out_beat_reg <= in_beat;
    end else if (load_out_from_skid) begin
        out_beat_reg <= skid_beat_reg;
    end
    if (load_skid_from_in) begin
        skid_beat_reg <= in_beat;
    end

    if (rst) begin
        out_valid_reg <= 1'b0;
        skid_valid_reg <= 1'b0;
    end
end

endmodule

`resetall
