package dev.vectorprop.bench;

import dev.vectorprop.Vectorization;
import dev.vectorprop.bench.peers.EjmlPeer;
import dev.vectorprop.bench.peers.NetlibPeer;
import dev.vectorprop.bench.peers.OpenBlasPeer;
import dev.vectorprop.bench.peers.PeerCheck;

/**
 * Prints what a benchmark run compares (vectorprop's path, the JDK, OpenBLAS's core, thread count and
 * configuration, netlib's implementation, the FMA-peak flop count) and checks every GEMM
 * implementation against a naive product before any time is spent measuring. Run with
 * {@code --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED}; exits with status 1
 * when a check fails.
 */
public final class BenchInfo {

    private BenchInfo() {}

    /**
     * Prints the environment and runs the checks.
     *
     * @param args {@code --no-check} to only print
     */
    public static void main(String[] args) {
        System.out.println(Vectorization.describe());
        System.out.println("JDK: " + System.getProperty("java.vm.name") + " " + Runtime.version()
                + " (" + System.getProperty("java.vendor") + "), " + Runtime.getRuntime().availableProcessors()
                + " CPUs visible");
        System.out.println(OpenBlasPeer.describe());
        System.out.println(NetlibPeer.describe());
        System.out.println("FmaPeakBench: " + FmaPeakBench.FLOPS_PER_OP + " flops per call");
        if (args.length > 0 && args[0].equals("--no-check")) {
            return;
        }
        try {
            PeerCheck.run("vectorprop", VectorpropGemm::sgemm, true);
            PeerCheck.run("openblas", OpenBlasPeer::sgemm, true);
            PeerCheck.run("netlib", NetlibPeer::sgemm, true);
            PeerCheck.run("ejml", EjmlPeer::sgemm, false);
        } catch (AssertionError e) {
            System.out.println("CHECK FAILED: " + e.getMessage());
            System.exit(1);
        }
    }
}
