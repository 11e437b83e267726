using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using TradeNode.Bitcoin.Crypto;

namespace TradeNode.Bitcoin.Bip32;

/// <summary>A BIP32 extended private key: a private key, a chain code and its place in the tree.</summary>
public sealed class ExtKey
{
    private static readonly byte[] MasterHmacKey = "Bitcoin seed"u8.ToArray();

    private ExtKey(Key privateKey, byte[] chainCode, byte depth, HDFingerprint parentFingerprint, uint child)
    {
        PrivateKey = privateKey;
        ChainCode = chainCode;
        Depth = depth;
        ParentFingerprint = parentFingerprint;
        Child = child;
    }

    public Key PrivateKey { get; }

    public byte[] ChainCode { get; }

    public byte Depth { get; }

    public HDFingerprint ParentFingerprint { get; }

    public uint Child { get; }

    public bool IsHardened => KeyPath.IsHardened(Child);

    public PubKey PubKey => PrivateKey.PubKey;

    public HDFingerprint Fingerprint => HDFingerprint.FromPubKey(PubKey);

    /// <summary>The master key of a seed (BIP32: HMAC-SHA512 keyed with "Bitcoin seed"). Seeds are 16 to 64 bytes.</summary>
    public static ExtKey CreateFromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length is < 16 or > 64)
        {
            throw new ArgumentException("A BIP32 seed is 16 to 64 bytes.", nameof(seed));
        }

        var i = Hashes.HMACSHA512(MasterHmacKey, seed);
        try
        {
            if (!Key.IsValidSecret(i.AsSpan(0, 32)))
            {
                throw new ArgumentException("This seed gives an invalid master key (probability below 2^-127); use another seed.", nameof(seed));
            }

            return new ExtKey(new Key(i.AsSpan(0, 32)), i[32..], 0, default, 0);
        }
        finally
        {
            Array.Clear(i);
        }
    }

    /// <summary>BIP32 CKDpriv. Indexes with the top bit set are hardened.</summary>
    public ExtKey Derive(uint index)
    {
        if (Depth == byte.MaxValue)
        {
            throw new InvalidOperationException("BIP32 depth is limited to 255.");
        }

        Span<byte> data = stackalloc byte[37];
        if (KeyPath.IsHardened(index))
        {
            data[0] = 0x00;
            PrivateKey.ToBytes().CopyTo(data[1..]);
        }
        else
        {
            PubKey.Compress().Span.CopyTo(data);
        }

        BinaryPrimitives.WriteUInt32BigEndian(data[33..], index);
        var i = Hashes.HMACSHA512(ChainCode, data);
        data.Clear();
        try
        {
            var tweak = new Org.BouncyCastle.Math.BigInteger(1, i, 0, 32);
            if (tweak.CompareTo(Secp256k1.N) >= 0)
            {
                throw new InvalidOperationException($"Child {index} is invalid (BIP32: IL >= n); use the next index.");
            }

            var childSecret = tweak.Add(PrivateKey.D).Mod(Secp256k1.N);
            if (childSecret.SignValue == 0)
            {
                throw new InvalidOperationException($"Child {index} is invalid (BIP32: key is zero); use the next index.");
            }

            var childKey = new Key(Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, childSecret));
            return new ExtKey(childKey, i[32..], (byte)(Depth + 1), Fingerprint, index);
        }
        finally
        {
            Array.Clear(i);
        }
    }

    public ExtKey Derive(KeyPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var key = this;
        foreach (var index in path.Indexes)
        {
            key = key.Derive(index);
        }

        return key;
    }

    /// <summary>The extended public key: the same position in the tree without the private key.</summary>
    public ExtPubKey Neuter() => new(PubKey.Compress(), ChainCode, Depth, ParentFingerprint, Child);

    /// <summary>The xprv/tprv text. It holds the private key: never log it.</summary>
    public string ToString(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Span<byte> keyData = stackalloc byte[33];
        PrivateKey.ToBytes().CopyTo(keyData[1..]);
        var text = ExtKeyEncoding.Encode(network.ExtSecretKeyVersion, Depth, ParentFingerprint, Child, ChainCode, keyData);
        keyData.Clear();
        return text;
    }

    /// <summary>Never prints the key: use <see cref="ToString(Network)"/> to export it.</summary>
    public override string ToString() => $"ExtKey({Fingerprint}, depth {Depth})";

    public static ExtKey Parse(string text, Network? network = null)
    {
        if (!TryParse(text, network, out var key, out var error))
        {
            throw new FormatException(error);
        }

        return key;
    }

    public static bool TryParse(string? text, Network? network, [NotNullWhen(true)] out ExtKey? key) => TryParse(text, network, out key, out _);

    private static bool TryParse(string? text, Network? network, [NotNullWhen(true)] out ExtKey? key, out string error)
    {
        key = null;
        if (!ExtKeyEncoding.TryDecode(text, network, out var decoded, out error))
        {
            return false;
        }

        if (!decoded.IsPrivate)
        {
            error = "This is an extended public key; an extended private key was expected.";
            return false;
        }

        key = new ExtKey(new Key(decoded.KeyData.AsSpan(1)), decoded.ChainCode, decoded.Depth, decoded.ParentFingerprint, decoded.Child);
        Array.Clear(decoded.KeyData);
        return true;
    }
}
