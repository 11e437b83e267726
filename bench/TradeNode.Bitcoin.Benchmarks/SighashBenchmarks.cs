using BenchmarkDotNet.Attributes;
using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin.Benchmarks;

/// <summary>BIP143 signature hash of one input of a 2-in/2-out transaction, with and without precomputed hashes.</summary>
[MemoryDiagnoser]
public class SighashBenchmarks
{
    private Transaction _tx = null!;
    private Script _scriptCode = null!;
    private PrecomputedTransactionData _precomputed = null!;

    [GlobalSetup]
    public void Setup()
    {
        var keyHash = new byte[20];
        _tx = new Transaction();
        _tx.Inputs.Add(new TxIn(new OutPoint(UInt256.One, 0)));
        _tx.Inputs.Add(new TxIn(new OutPoint(UInt256.One, 1)));
        _tx.Outputs.Add(new TxOut(Money.Satoshis(60_000), new Script(Op.GetPushOp(0), Op.GetPushOp(keyHash))));
        _tx.Outputs.Add(new TxOut(Money.Satoshis(39_000), new Script(Op.GetPushOp(0), Op.GetPushOp(new byte[32]))));
        _scriptCode = new Script(
            Op.FromCode(OpcodeType.OP_DUP), Op.FromCode(OpcodeType.OP_HASH160), Op.GetPushOp(keyHash),
            Op.FromCode(OpcodeType.OP_EQUALVERIFY), Op.FromCode(OpcodeType.OP_CHECKSIG));
        _precomputed = new PrecomputedTransactionData(_tx);
    }

    [Benchmark(Baseline = true, Description = "BIP143 sighash, 2-in/2-out (hashes computed per call)")]
    public UInt256 Bip143() => _tx.GetSignatureHash(_scriptCode, 1, SigHash.All, Money.Satoshis(50_000), HashVersion.WitnessV0);

    [Benchmark(Description = "BIP143 sighash, 2-in/2-out (precomputed hashes)")]
    public UInt256 Bip143Precomputed() => _tx.GetSignatureHash(_scriptCode, 1, SigHash.All, Money.Satoshis(50_000), HashVersion.WitnessV0, _precomputed);
}
