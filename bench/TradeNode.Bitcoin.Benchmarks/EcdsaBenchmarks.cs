using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using TradeNode.Bitcoin.Crypto;

namespace TradeNode.Bitcoin.Benchmarks;

/// <summary>
/// Our Key.Sign / PubKey.Verify against BouncyCastle's ECDSA used directly (the baseline of each category).
/// The target: our overhead at most 10%. Low-R grinding (Bitcoin Core's default) is measured separately, since
/// it signs twice for about half of all messages by design.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class EcdsaBenchmarks
{
    private readonly Key _key = new(Convert.FromHexString("e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35"));
    private readonly UInt256 _hash = Hashes.DoubleSHA256Hash("TradeNode benchmark message"u8);
    private ECPrivateKeyParameters _rawPrivate = null!;
    private ECPublicKeyParameters _rawPublic = null!;
    private byte[] _message = null!;
    private ECDSASignature _signature = null!;
    private BigInteger[] _rawSignature = null!;

    [GlobalSetup]
    public void Setup()
    {
        var curve = CustomNamedCurves.GetByName("secp256k1");
        var domain = new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H);
        var d = new BigInteger(1, _key.ToBytes());
        _rawPrivate = new ECPrivateKeyParameters(d, domain);
        _rawPublic = new ECPublicKeyParameters(curve.G.Multiply(d).Normalize(), domain);
        _message = _hash.ToBytes();
        _signature = _key.Sign(_hash, useLowR: false);
        _rawSignature = [_signature.R, _signature.S];
    }

    [Benchmark(Baseline = true, Description = "BouncyCastle ECDsaSigner sign (RFC 6979)")]
    [BenchmarkCategory("Sign")]
    public BigInteger[] RawSign()
    {
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, _rawPrivate);
        return signer.GenerateSignature(_message);
    }

    [Benchmark(Description = "Key.Sign (low-S, no R grinding)")]
    [BenchmarkCategory("Sign")]
    public ECDSASignature KeySign() => _key.Sign(_hash, useLowR: false);

    [Benchmark(Description = "Key.Sign (low-S, low-R as Core)")]
    [BenchmarkCategory("Sign")]
    public ECDSASignature KeySignLowR() => _key.Sign(_hash);

    [Benchmark(Baseline = true, Description = "BouncyCastle ECDsaSigner verify")]
    [BenchmarkCategory("Verify")]
    public bool RawVerify()
    {
        var signer = new ECDsaSigner();
        signer.Init(false, _rawPublic);
        return signer.VerifySignature(_message, _rawSignature[0], _rawSignature[1]);
    }

    [Benchmark(Description = "PubKey.Verify")]
    [BenchmarkCategory("Verify")]
    public bool PubKeyVerify() => _key.PubKey.Verify(_hash, _signature);
}
