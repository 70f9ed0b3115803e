package dev.vectorprop.bench;

import dev.vectorprop.Vectorization;
import dev.vectorprop.bench.peers.EjmlPeer;
import dev.vectorprop.bench.peers.NetlibPeer;
import dev.vectorprop.bench.peers.OneDnnLinear;
import dev.vectorprop.bench.peers.OpenBlasPeer;
import dev.vectorprop.bench.peers.PeerCheck;

/**
 * Prints what a benchmark run compares (vectorprop's path, the JDK, OpenBLAS's core, thread count and
 * configuration, netlib's implementation, oneDNN's version, runtime, thread count and the
 * implementations it picks for a dense layer, the FMA-peak flop count) and checks every GEMM
 * implementation against a naive product, and every {@link LinearPeerBench} implementation against
 * vectorprop's {@code Linear}, before any time is spent measuring. Run with
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
        System.out.println(OneDnnLinear.describe());
        for (String act : new String[] {"relu", "gelu"}) {
            try (OneDnnLinear l = new OneDnnLinear(LinearPeerBench.activation(act), 256, 784, 512)) {
                System.out.println("oneDNN layer 256x784x512 " + act + ": " + l.implementations());
            }
        }
        System.out.println("FmaPeakBench: " + FmaPeakBench.FLOPS_PER_OP + " flops per call");
        if (args.length > 0 && args[0].equals("--no-check")) {
            return;
        }
        try {
            PeerCheck.run("vectorprop", VectorpropGemm::sgemm, true);
            PeerCheck.run("openblas", OpenBlasPeer::sgemm, true);
            PeerCheck.run("netlib", NetlibPeer::sgemm, true);
            PeerCheck.run("ejml", EjmlPeer::sgemm, false);
            int checks = 0;
            for (String impl : new String[] {"vectorprop", "openblas_unfused", "onednn"}) {
                for (String act : new String[] {"identity", "relu", "gelu", "gelu_tanh", "tanh", "sigmoid"}) {
                    LinearPeerBench.check(impl, act, 37, 65, 19);
                    LinearPeerBench.check(impl, act, 32, 128, 128);
                    checks += 2;
                }
            }
            System.out.println("dense layer (vectorprop, openblas_unfused, onednn): Y, dX, dW, db match "
                    + "vectorprop's Linear (" + checks + " cases)");
        } catch (AssertionError e) {
            System.out.println("CHECK FAILED: " + e.getMessage());
            System.exit(1);
        }
    }
}
