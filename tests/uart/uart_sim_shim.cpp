// uart_sim_shim.cpp -- the only C++ of tests/uart: Verilator's model of
// uart_sim_top behind the C functions of uart_model.h, and main(), which
// hands over to uart_sim_main() in uart_sim.c.

#include "Vuart_sim_top.h"
#include "verilated.h"

extern "C" {
#include "uart_model.h"
}

struct UartModel {
    VerilatedContext ctx;
    Vuart_sim_top top{&ctx, "uart_sim_top"};
};

extern "C" UartModel *uart_model_open(void)
{
    UartModel *m = new UartModel;
    m->top.clk = 0;
    m->top.rst = 1;
    m->top.uart_rxd = 1;
    m->top.eval();
    return m;
}

extern "C" int uart_model_cycle(UartModel *m, int rst, int rxd)
{
    m->top.rst = rst ? 1 : 0;
    m->top.uart_rxd = rxd ? 1 : 0;
    m->top.clk = 1;
    m->top.eval();
    int txd = m->top.uart_txd;
    m->top.clk = 0;
    m->top.eval();
    return txd;
}

extern "C" void uart_model_close(UartModel *m)
{
    m->top.final();
    delete m;
}

int main(int argc, char **argv)
{
    return uart_sim_main(argc, argv);
}
