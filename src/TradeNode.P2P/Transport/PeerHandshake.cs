using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using NSec.Cryptography;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Transport;

/// <summary>
/// The mutual handshake: each side sends Hello (versions, its Ed25519 node key, 32 fresh random challenge bytes),
/// then HelloProof, an Ed25519 signature over
/// SHA-256("tradenode/p2p/v1/handshake" || receiver challenge || sender challenge || sender key || receiver key).
/// Both challenges are in the transcript, so a proof is bound to this connection and cannot be replayed or reflected.
/// </summary>
public static class PeerHandshake
{
    public const int ChallengeLength = 32;

    public const int KeyLength = 32;

    public const int MaxUserAgentLength = 256;

    public const int MaxListenAddresses = 8;

    public const int MaxAddressLength = 128;

    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("tradenode/p2p/v1/handshake");

    public static Hello CreateHello(ReadOnlySpan<byte> nodeKey, ReadOnlySpan<byte> challenge, string userAgent, IEnumerable<string> listenAddresses)
    {
        var hello = new Hello
        {
            ProtocolVersion = P2PProtocol.Version,
            MinProtocolVersion = P2PProtocol.MinVersion,
            NodeKey = ByteString.CopyFrom(nodeKey),
            Challenge = ByteString.CopyFrom(challenge),
            UserAgent = userAgent,
        };
        hello.ListenAddresses.Add(listenAddresses.Take(MaxListenAddresses));
        return hello;
    }

    public static byte[] NewChallenge() => RandomNumberGenerator.GetBytes(ChallengeLength);

    /// <summary>The digest the sender signs.</summary>
    public static byte[] Transcript(ReadOnlySpan<byte> receiverChallenge, ReadOnlySpan<byte> senderChallenge, ReadOnlySpan<byte> senderKey, ReadOnlySpan<byte> receiverKey)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Domain);
        hash.AppendData(receiverChallenge);
        hash.AppendData(senderChallenge);
        hash.AppendData(senderKey);
        hash.AppendData(receiverKey);
        return hash.GetHashAndReset();
    }

    /// <summary>Signs the transcript for the peer whose Hello is <paramref name="theirs"/>.</summary>
    public static HelloProof CreateProof(NodeIdentity signer, Hello ours, Hello theirs)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);
        var digest = Transcript(theirs.Challenge.Span, ours.Challenge.Span, ours.NodeKey.Span, theirs.NodeKey.Span);
        return new HelloProof { Signature = ByteString.CopyFrom(signer.Sign(digest)) };
    }

    /// <summary>Checks the peer's Hello against ours; returns the negotiated protocol version.</summary>
    public static uint CheckHello(Hello ours, Hello theirs)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);
        if (theirs.NodeKey.Length != KeyLength)
        {
            throw new HandshakeException($"The node key is {KeyLength} bytes, not {theirs.NodeKey.Length}.");
        }

        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, theirs.NodeKey.Span, KeyBlobFormat.RawPublicKey, out _))
        {
            throw new HandshakeException("The node key is not a valid Ed25519 public key.");
        }

        if (theirs.Challenge.Length != ChallengeLength)
        {
            throw new HandshakeException($"The challenge is {ChallengeLength} bytes, not {theirs.Challenge.Length}.");
        }

        if (theirs.NodeKey.Span.SequenceEqual(ours.NodeKey.Span))
        {
            throw new HandshakeException("Connected to self.");
        }

        if (theirs.Challenge.Span.SequenceEqual(ours.Challenge.Span))
        {
            throw new HandshakeException("The challenge reflects ours.");
        }

        if (theirs.UserAgent.Length > MaxUserAgentLength || theirs.ListenAddresses.Count > MaxListenAddresses
            || theirs.ListenAddresses.Any(a => a.Length > MaxAddressLength))
        {
            throw new HandshakeException("The Hello is over its size limits.");
        }

        var version = Math.Min(ours.ProtocolVersion, theirs.ProtocolVersion);
        var minimum = Math.Max(ours.MinProtocolVersion, theirs.MinProtocolVersion);
        if (theirs.MinProtocolVersion > theirs.ProtocolVersion || version < minimum)
        {
            throw new HandshakeException($"Protocol version mismatch: we speak {ours.MinProtocolVersion}..{ours.ProtocolVersion}, the peer {theirs.MinProtocolVersion}..{theirs.ProtocolVersion}.");
        }

        return version;
    }

    /// <summary>Verifies the peer's proof: signed with its key over our challenge, its challenge and both keys.</summary>
    public static void CheckProof(Hello ours, Hello theirs, HelloProof proof)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);
        ArgumentNullException.ThrowIfNull(proof);
        var digest = Transcript(ours.Challenge.Span, theirs.Challenge.Span, theirs.NodeKey.Span, ours.NodeKey.Span);
        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, theirs.NodeKey.Span, KeyBlobFormat.RawPublicKey, out var key)
            || proof.Signature.Length != SignatureAlgorithm.Ed25519.SignatureSize
            || !SignatureAlgorithm.Ed25519.Verify(key!, digest, proof.Signature.Span))
        {
            throw new HandshakeException("The handshake signature is invalid.");
        }
    }
}
