using TradeNode.P2P.Identity;

namespace TradeNode.P2P.Tests.Identity;

public class NodeIdentityTests
{
    private static byte[] Seed(byte fill) => Enumerable.Repeat(fill, 64).ToArray();

    [Fact]
    public void Same_seed_gives_same_keys_and_id()
    {
        using var a = NodeIdentity.FromSeed(Seed(7));
        using var b = NodeIdentity.FromSeed(Seed(7));

        Assert.Equal(a.PublicKey, b.PublicKey);
        Assert.True(a.EncryptionPublicKey.SequenceEqual(b.EncryptionPublicKey));
        Assert.Equal(a.Id, b.Id);
        Assert.Equal(a.Id.ToString(), b.Id.ToString());
    }

    [Fact]
    public void Different_seeds_give_different_keys()
    {
        using var a = NodeIdentity.FromSeed(Seed(7));
        using var b = NodeIdentity.FromSeed(Seed(8));

        Assert.NotEqual(a.PublicKey, b.PublicKey);
        Assert.False(a.EncryptionPublicKey.SequenceEqual(b.EncryptionPublicKey));
        Assert.NotEqual(a.Id, b.Id);
    }

    [Fact]
    public void Signing_and_encryption_keys_are_distinct_derivations()
    {
        using var identity = NodeIdentity.FromSeed(Seed(1));

        Assert.False(identity.PublicKey.Span.SequenceEqual(identity.EncryptionPublicKey));
        Assert.Equal(32, identity.EncryptionPublicKey.Length);
    }

    [Fact]
    public void Short_seed_is_refused()
    {
        Assert.Throws<ArgumentException>(() => NodeIdentity.FromSeed(new byte[31]));
    }

    [Fact]
    public void Generated_identities_differ()
    {
        using var a = NodeIdentity.Generate();
        using var b = NodeIdentity.Generate();

        Assert.NotEqual(a.PublicKey, b.PublicKey);
    }

    [Fact]
    public void Signature_verifies_with_public_key_only_for_the_signed_data()
    {
        using var identity = NodeIdentity.FromSeed(Seed(3));
        var data = "hello"u8.ToArray();

        var signature = identity.Sign(data);

        Assert.Equal(64, signature.Length);
        Assert.True(identity.PublicKey.Verify(data, signature));
        Assert.False(identity.PublicKey.Verify("hellO"u8, signature));
        signature[10] ^= 1;
        Assert.False(identity.PublicKey.Verify(data, signature));
    }

    [Fact]
    public void ToString_shows_the_node_id_and_no_key_material()
    {
        using var identity = NodeIdentity.FromSeed(Seed(4));

        var text = identity.ToString();

        Assert.Contains(identity.Id.ToString(), text, StringComparison.Ordinal);
        Assert.DoesNotContain(identity.PublicKey.ToHex(), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(identity.EncryptionPublicKey), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Seed_derivation_is_pinned_so_seed_backups_keep_restoring_the_same_node()
    {
        // Values produced by this derivation (HKDF-SHA256, salt "tradenode/identity/v1", info per key) when it was
        // written, and checked once with an independent HKDF + Ed25519/X25519 implementation (Python cryptography):
        // a change here would give restored nodes a new identity.
        using var identity = NodeIdentity.FromSeed(Enumerable.Range(0, 64).Select(i => (byte)i).ToArray());

        Assert.Equal("7692e3e9259cb2c4ffd0d414741e61abacf5ff67b0178f7bc209bc09fa917158", identity.PublicKey.ToHex());
        Assert.Equal("84346a67834b4736648abe7a0c3652ca4ea3341c715a0f2b6d49cf2c8c988b3d", Convert.ToHexStringLower(identity.EncryptionPublicKey));
        Assert.Equal("tn1zm47wdxuhvs6a9usqvdap468qce5cntsyslxyh", identity.Id.ToString());
    }
}
