using System.Security.Cryptography;
using NSec.Cryptography;

namespace TradeNode.P2P.Identity;

/// <summary>
/// A node's secret identity: an Ed25519 signing key and an X25519 encryption key, both derived from one seed with
/// HKDF-SHA256 (distinct info strings), so a wallet seed backup restores the node identity. Secrets never leave
/// this object: <see cref="ToString"/> shows the node id only.
/// </summary>
public sealed class NodeIdentity : IDisposable
{
    /// <summary>The shortest seed accepted.</summary>
    public const int MinSeedLength = 32;

    private static readonly byte[] Salt = "tradenode/identity/v1"u8.ToArray();
    private static readonly byte[] SigningInfo = "tradenode/identity/ed25519"u8.ToArray();
    private static readonly byte[] EncryptionInfo = "tradenode/identity/x25519"u8.ToArray();

    private readonly Key _signingKey;
    private readonly Key _encryptionKey;
    private readonly byte[] _encryptionPublicKey;

    private NodeIdentity(ReadOnlySpan<byte> signingSeed, ReadOnlySpan<byte> encryptionSeed)
    {
        _signingKey = Key.Import(SignatureAlgorithm.Ed25519, signingSeed, KeyBlobFormat.RawPrivateKey);
        _encryptionKey = Key.Import(KeyAgreementAlgorithm.X25519, encryptionSeed, KeyBlobFormat.RawPrivateKey);
        PublicKey = NodeKey.Create(_signingKey.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        _encryptionPublicKey = _encryptionKey.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        Id = NodeId.FromKey(PublicKey);
    }

    /// <summary>The Ed25519 public key items and handshakes are verified with.</summary>
    public NodeKey PublicKey { get; }

    /// <summary>The node id of <see cref="PublicKey"/>.</summary>
    public NodeId Id { get; }

    /// <summary>The X25519 public key (32 bytes) mailbox messages to this node are sealed to.</summary>
    public ReadOnlySpan<byte> EncryptionPublicKey => _encryptionPublicKey;

    /// <summary>
    /// The identity of <paramref name="seed"/> (at least 32 bytes, for example the BIP39 wallet seed): the same seed
    /// always gives the same keys.
    /// </summary>
    public static NodeIdentity FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length < MinSeedLength)
        {
            throw new ArgumentException($"A node identity seed is at least {MinSeedLength} bytes; this one has {seed.Length}.", nameof(seed));
        }

        Span<byte> signing = stackalloc byte[32];
        Span<byte> encryption = stackalloc byte[32];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, seed, signing, Salt, SigningInfo);
            HKDF.DeriveKey(HashAlgorithmName.SHA256, seed, encryption, Salt, EncryptionInfo);
            return new NodeIdentity(signing, encryption);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(signing);
            CryptographicOperations.ZeroMemory(encryption);
        }
    }

    /// <summary>A new random identity (for one-time keys and tests).</summary>
    public static NodeIdentity Generate()
    {
        Span<byte> seed = stackalloc byte[MinSeedLength];
        RandomNumberGenerator.Fill(seed);
        try
        {
            return FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>The Ed25519 signature (64 bytes) of <paramref name="data"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) => SignatureAlgorithm.Ed25519.Sign(_signingKey, data);

    /// <summary>X25519 with <paramref name="peerPublicKey"/>, then HKDF-SHA256 to <paramref name="length"/> bytes.</summary>
    internal byte[] AgreeAndDerive(ReadOnlySpan<byte> peerPublicKey, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, int length)
    {
        var peer = NSec.Cryptography.PublicKey.Import(KeyAgreementAlgorithm.X25519, peerPublicKey, KeyBlobFormat.RawPublicKey);
        using var shared = KeyAgreementAlgorithm.X25519.Agree(_encryptionKey, peer)
            ?? throw new CryptographicException("X25519 agreement failed: the peer key is a low-order point.");
        return KeyDerivationAlgorithm.HkdfSha256.DeriveBytes(shared, salt, info, length);
    }

    public void Dispose()
    {
        _signingKey.Dispose();
        _encryptionKey.Dispose();
    }

    public override string ToString() => $"NodeIdentity {Id}";
}
