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
}
