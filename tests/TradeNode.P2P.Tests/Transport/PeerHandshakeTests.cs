using Google.Protobuf;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Protocol;
using TradeNode.P2P.Transport;

namespace TradeNode.P2P.Tests.Transport;

public sealed class PeerHandshakeTests : IDisposable
{
    private readonly NodeIdentity _alice = NodeIdentity.Generate();
    private readonly NodeIdentity _bob = NodeIdentity.Generate();

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
    }

    private static Hello HelloOf(NodeIdentity key) =>
        PeerHandshake.CreateHello(key.PublicKey.ToArray(), PeerHandshake.NewChallenge(), "test", ["127.0.0.1:1"]);

    [Fact]
    public void Proofs_verify_both_ways()
    {
        var a = HelloOf(_alice);
        var b = HelloOf(_bob);

        Assert.Equal(P2PProtocol.Version, PeerHandshake.CheckHello(a, b));
        PeerHandshake.CheckProof(a, b, PeerHandshake.CreateProof(_bob, b, a));
        PeerHandshake.CheckProof(b, a, PeerHandshake.CreateProof(_alice, a, b));
    }

    [Fact]
    public void A_proof_for_another_connection_is_rejected()
    {
        var a = HelloOf(_alice);
        var b = HelloOf(_bob);
        var otherA = HelloOf(_alice);
        var proofForOther = PeerHandshake.CreateProof(_bob, b, otherA);

        var ex = Assert.Throws<HandshakeException>(() => PeerHandshake.CheckProof(a, b, proofForOther));
        Assert.Contains("signature", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proof_signed_by_another_key_is_rejected()
    {
        var a = HelloOf(_alice);
        var b = HelloOf(_bob);
        using var mallory = NodeIdentity.Generate();

        Assert.Throws<HandshakeException>(() => PeerHandshake.CheckProof(a, b, PeerHandshake.CreateProof(mallory, b, a)));
        Assert.Throws<HandshakeException>(() => PeerHandshake.CheckProof(a, b, new HelloProof { Signature = ByteString.CopyFrom(new byte[3]) }));
    }

    [Fact]
    public void Reflected_challenge_self_connection_and_bad_sizes_are_rejected()
    {
        var a = HelloOf(_alice);
        var reflected = HelloOf(_bob);
        reflected.Challenge = a.Challenge;
        var self = HelloOf(_alice);
        var shortKey = HelloOf(_bob);
        shortKey.NodeKey = ByteString.CopyFrom(new byte[31]);
        var shortChallenge = HelloOf(_bob);
        shortChallenge.Challenge = ByteString.CopyFrom(new byte[8]);

        Assert.Contains("reflects", Assert.Throws<HandshakeException>(() => PeerHandshake.CheckHello(a, reflected)).Message, StringComparison.Ordinal);
        Assert.Contains("self", Assert.Throws<HandshakeException>(() => PeerHandshake.CheckHello(a, self)).Message, StringComparison.Ordinal);
        Assert.Throws<HandshakeException>(() => PeerHandshake.CheckHello(a, shortKey));
        Assert.Throws<HandshakeException>(() => PeerHandshake.CheckHello(a, shortChallenge));
    }

    [Theory]
    [InlineData(5u, 3u)]
    [InlineData(0u, 0u)]
    [InlineData(1u, 2u)]
    public void Incompatible_versions_are_rejected(uint version, uint minimum)
    {
        var a = HelloOf(_alice);
        var b = HelloOf(_bob);
        b.ProtocolVersion = version;
        b.MinProtocolVersion = minimum;

        Assert.Contains("version", Assert.Throws<HandshakeException>(() => PeerHandshake.CheckHello(a, b)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_newer_peer_that_still_speaks_ours_negotiates_our_version()
    {
        var a = HelloOf(_alice);
        var b = HelloOf(_bob);
        b.ProtocolVersion = P2PProtocol.Version + 3;

        Assert.Equal(P2PProtocol.Version, PeerHandshake.CheckHello(a, b));
    }
}
