using BenchmarkDotNet.Attributes;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin.Benchmarks;

/// <summary>
/// The escrow's hot paths: parsing and serializing the 2-of-3 payout PSBT, and verifying its P2WSH input with the
/// interpreter (two ECDSA verifications and the BIP143 hashes), against one raw signature verification as baseline.
/// </summary>
[MemoryDiagnoser]
public class EscrowBenchmarks
{
    private EscrowFixture _fixture = null!;
    private byte[] _psbtBytes = null!;
    private string _psbtBase64 = null!;
    private PubKey _pubKey = null!;
    private UInt256 _hash = null!;
    private Crypto.ECDSASignature _signature = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new EscrowFixture();
        _psbtBytes = _fixture.SignedPsbt.ToBytes();
        _psbtBase64 = _fixture.SignedPsbt.ToBase64();
        var key = new Key();
        _pubKey = key.PubKey;
        _hash = new UInt256(Crypto.Hashes.SHA256([1, 2, 3]));
        _signature = key.Sign(_hash);
        if (TransactionVerifier.VerifyAll(_fixture.Payout, [_fixture.EscrowOutput], ScriptVerify.Standard) != ScriptError.Ok)
        {
            throw new InvalidOperationException("The escrow payout does not verify; the benchmark would measure a failure path.");
        }
    }

    [Benchmark(Baseline = true, Description = "One ECDSA verification (PubKey.Verify)")]
    public bool VerifyOneSignature() => _pubKey.Verify(_hash, _signature);

    [Benchmark(Description = "Verify the 2-of-3 P2WSH escrow input (interpreter, Standard flags)")]
    public ScriptError VerifyEscrowInput() =>
        TransactionVerifier.VerifyInput(_fixture.Payout, 0, _fixture.EscrowOutput, ScriptVerify.Standard);

    [Benchmark(Description = "Parse + serialize the 2-of-3 payout PSBT (binary)")]
    public byte[] PsbtBinaryRoundTrip() => PSBT.Load(_psbtBytes, Network.RegTest).ToBytes();

    [Benchmark(Description = "Parse + serialize the 2-of-3 payout PSBT (base64)")]
    public string PsbtBase64RoundTrip() => PSBT.Parse(_psbtBase64, Network.RegTest).ToBase64();
}
