using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Crypto;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace TradeNode.Bitcoin;

/// <summary>A secp256k1 private key. Signs with RFC 6979 deterministic nonces and always produces low-S signatures.</summary>
public sealed class Key : IEquatable<Key>
{
    private readonly byte[] _secret;
    private readonly ECPrivateKeyParameters _parameters;
    private PubKey? _pubKey;

    /// <summary>A new random key from the operating system's CSPRNG.</summary>
    public Key()
        : this(NewSecret(), compressed: true)
    {
    }

    public Key(ReadOnlySpan<byte> secret, bool compressed = true)
    {
        if (!IsValidSecret(secret))
        {
            throw new FormatException("A private key is 32 bytes encoding a number from 1 to n-1 of secp256k1.");
        }

        _secret = secret.ToArray();
        IsCompressed = compressed;
        D = new BigInteger(1, _secret);
        _parameters = new ECPrivateKeyParameters(D, Secp256k1.Domain);
    }

    public bool IsCompressed { get; }

    internal BigInteger D { get; }

    public PubKey PubKey => _pubKey ??= PubKey.FromPoint(Secp256k1.Parameters.G.Multiply(D), IsCompressed);

    public static bool IsValidSecret(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != 32)
        {
            return false;
        }

        var d = new BigInteger(1, secret.ToArray());
        return d.SignValue > 0 && d.CompareTo(Secp256k1.N) < 0;
    }

    public byte[] ToBytes() => (byte[])_secret.Clone();

    /// <summary>This key in Wallet Import Format for <paramref name="network"/>.</summary>
    public BitcoinSecret GetWif(Network network) => new(this, network);

    /// <summary>Same as <see cref="GetWif"/> (NBitcoin has both names).</summary>
    public BitcoinSecret GetBitcoinSecret(Network network) => new(this, network);

    /// <summary>Reads a WIF private key for <paramref name="network"/>; throws <see cref="FormatException"/> with the reason.</summary>
    public static Key Parse(string wif, Network network) => BitcoinSecret.Create(wif, network).PrivateKey;

    public static bool TryParse(string? wif, Network network, [NotNullWhen(true)] out Key? key)
    {
        key = BitcoinSecret.TryCreate(wif, network, out var secret) ? secret.PrivateKey : null;
        return key is not null;
    }

    /// <summary>
    /// Signs a 32-byte hash. With <paramref name="useLowR"/> (the default, as Bitcoin Core) it grinds the
    /// RFC 6979 extra-data counter until r fits in 32 bytes, so the DER signature is at most 71 bytes.
    /// </summary>
    public ECDSASignature Sign(UInt256 hash, bool useLowR = true)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var message = hash.ToBytes();
        var signature = SignWithNonce(message, null);
        uint counter = 0;
        while (useLowR && !signature.IsLowR)
        {
            var extra = new byte[32];
            BinaryPrimitives.WriteUInt32LittleEndian(extra, ++counter);
            signature = SignWithNonce(message, extra);
        }

        return signature;
    }

    private ECDSASignature SignWithNonce(byte[] message, byte[]? extraData)
    {
        var signer = new ECDsaSigner(extraData is null ? new HMacDsaKCalculator(new Org.BouncyCastle.Crypto.Digests.Sha256Digest()) : new Rfc6979KCalculator(extraData));
        signer.Init(true, _parameters);
        var rs = signer.GenerateSignature(message);
        return new ECDSASignature(rs[0], rs[1]).MakeCanonical();
    }

    private static byte[] NewSecret()
    {
        var secret = new byte[32];
        do
        {
            RandomNumberGenerator.Fill(secret);
        }
        while (!IsValidSecret(secret));
        return secret;
    }

    public bool Equals(Key? other) =>
        other is not null && IsCompressed == other.IsCompressed && CryptographicOperations.FixedTimeEquals(_secret, other._secret);

    public override bool Equals(object? obj) => Equals(obj as Key);

    public override int GetHashCode() => PubKey.GetHashCode();

    /// <summary>Never prints the secret.</summary>
    public override string ToString() => $"Key({PubKey})";
}
