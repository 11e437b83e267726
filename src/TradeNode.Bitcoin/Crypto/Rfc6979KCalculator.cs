using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;

namespace TradeNode.Bitcoin.Crypto;

/// <summary>
/// RFC 6979 deterministic nonces with the optional "additional data" of section 3.6, as libsecp256k1's
/// nonce_function_rfc6979 does it: HMAC-DRBG seeded with key || message || extra. Bitcoin Core passes a
/// counter as extra data to grind for a low R. BouncyCastle's HMacDsaKCalculator has no extra-data input.
/// </summary>
internal sealed class Rfc6979KCalculator : IDsaKCalculator
{
    private readonly byte[]? _extraData;
    private readonly HMac _mac = new(new Sha256Digest());
    private readonly byte[] _k = new byte[32];
    private readonly byte[] _v = new byte[32];
    private BigInteger _n = BigInteger.Zero;

    public Rfc6979KCalculator(byte[]? extraData)
    {
        _extraData = extraData;
    }

    public bool IsDeterministic => true;

    public void Init(BigInteger n, Org.BouncyCastle.Security.SecureRandom random) =>
        throw new InvalidOperationException("Deterministic nonce calculator: use the private key and message overload.");

    public void Init(BigInteger n, BigInteger d, byte[] message)
    {
        _n = n;
        Array.Fill(_v, (byte)0x01);
        Array.Fill(_k, (byte)0x00);

        var x = Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, d);
        var m = Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, new BigInteger(1, message).Mod(n));

        Step(0x00, x, m);
        Step(0x01, x, m);
    }

    private void Step(byte separator, byte[] x, byte[] m)
    {
        _mac.Init(new KeyParameter(_k));
        _mac.BlockUpdate(_v, 0, _v.Length);
        _mac.Update(separator);
        _mac.BlockUpdate(x, 0, x.Length);
        _mac.BlockUpdate(m, 0, m.Length);
        if (_extraData is not null)
        {
            _mac.BlockUpdate(_extraData, 0, _extraData.Length);
        }

        _mac.DoFinal(_k, 0);
        _mac.Init(new KeyParameter(_k));
        _mac.BlockUpdate(_v, 0, _v.Length);
        _mac.DoFinal(_v, 0);
    }

    public BigInteger NextK()
    {
        while (true)
        {
            _mac.Init(new KeyParameter(_k));
            _mac.BlockUpdate(_v, 0, _v.Length);
            _mac.DoFinal(_v, 0);
            var k = new BigInteger(1, _v);
            if (k.SignValue > 0 && k.CompareTo(_n) < 0)
            {
                return k;
            }

            _mac.Init(new KeyParameter(_k));
            _mac.BlockUpdate(_v, 0, _v.Length);
            _mac.Update(0x00);
            _mac.DoFinal(_k, 0);
            _mac.Init(new KeyParameter(_k));
            _mac.BlockUpdate(_v, 0, _v.Length);
            _mac.DoFinal(_v, 0);
        }
    }
}
