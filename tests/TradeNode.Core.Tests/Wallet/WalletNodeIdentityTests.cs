using System.Security.Cryptography;
using TradeNode.Bitcoin.Bip39;
using TradeNode.Core.Errors;
using TradeNode.Core.Tests.Market;
using TradeNode.Core.Wallet;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Tests.Wallet;

/// <summary>The node identity a wallet derives from its seed (<see cref="NodeIdentitySeed"/>, <see cref="WalletService.NodeKey"/>).</summary>
public sealed class WalletNodeIdentityTests : IDisposable
{
    private const string Mnemonic = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    private const string OtherMnemonic = "legal winner thank year wave sausage worth useful legal winner thank yellow";

    private readonly WalletTestContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task The_same_mnemonic_derives_the_same_node_key_in_two_databases()
    {
        var first = _context.OpenWallet("first");
        var second = _context.OpenWallet("second");

        await first.RestoreAsync(Mnemonic, null, WalletTestContext.Password, 0);
        await second.RestoreAsync(Mnemonic, null, WalletTestContext.Password, 0);

        Assert.NotNull(first.NodeKey);
        Assert.Equal(first.NodeKey, second.NodeKey);
        using var expected = NodeIdentity.FromSeed(NodeIdentitySeed.FromWalletSeed(new Mnemonic(Mnemonic).DeriveSeed()));
        Assert.Equal(expected.PublicKey, first.NodeKey);
    }

    [Fact]
    public async Task Another_mnemonic_or_passphrase_derives_another_node_key()
    {
        var plain = _context.OpenWallet("plain");
        var other = _context.OpenWallet("other");
        var withPassphrase = _context.OpenWallet("passphrase");

        await plain.RestoreAsync(Mnemonic, null, WalletTestContext.Password, 0);
        await other.RestoreAsync(OtherMnemonic, null, WalletTestContext.Password, 0);
        await withPassphrase.RestoreAsync(Mnemonic, "TREZOR", WalletTestContext.Password, 0);

        Assert.NotEqual(plain.NodeKey, other.NodeKey);
        Assert.NotEqual(plain.NodeKey, withPassphrase.NodeKey);
    }

    [Fact]
    public async Task The_node_key_is_kept_across_a_reopen_while_locked()
    {
        var (wallet, _) = await _context.CreateWalletAsync("reopened");
        var key = wallet.NodeKey;
        wallet.Dispose();

        var reopened = _context.OpenWallet("reopened");

        Assert.False(reopened.IsUnlocked);
        Assert.Equal(key, reopened.NodeKey);
    }

    [Fact]
    public void The_node_seed_is_deterministic_32_bytes_and_not_a_piece_of_the_wallet_seed()
    {
        var walletSeed = new Mnemonic(Mnemonic).DeriveSeed();

        var nodeSeed = NodeIdentitySeed.FromWalletSeed(walletSeed);

        Assert.Equal(NodeIdentitySeed.Length, nodeSeed.Length);
        Assert.Equal(nodeSeed, NodeIdentitySeed.FromWalletSeed(walletSeed));
        Assert.NotEqual(nodeSeed, walletSeed[..32]);
        Assert.NotEqual(nodeSeed, walletSeed[32..]);
        Assert.NotEqual(nodeSeed, NodeIdentitySeed.FromWalletSeed(new Mnemonic(OtherMnemonic).DeriveSeed()));
    }

    [Fact]
    public async Task The_node_takes_the_identity_when_the_wallet_is_created_and_again_on_unlock_when_it_lost_it()
    {
        var binding = new RecordingBinding();
        var wallet = new WalletService(_context.OpenDatabase("bound"), TradeNode.Bitcoin.Network.RegTest, _context.Client, WalletTestContext.Options, identity: binding);

        await wallet.CreateAsync(WalletTestContext.Password);

        Assert.Equal(wallet.NodeKey, binding.CurrentKey);
        Assert.Single(binding.Adopted);
        binding.CurrentKey = NodeIdentity.Generate().PublicKey;
        wallet.Lock();
        wallet.Unlock(WalletTestContext.Password);
        await Poll.UntilAsync(() => binding.Adopted.Count == 2, "the unlock hands the seed over again");
        Assert.Equal(wallet.NodeKey, binding.CurrentKey);
        wallet.Unlock(WalletTestContext.Password);
        Assert.Equal(2, binding.Adopted.Count);
    }

    [Fact]
    public async Task A_node_that_cannot_take_the_identity_refuses_the_restore_and_no_wallet_is_saved()
    {
        var binding = new RecordingBinding { Refuse = true };
        var wallet = new WalletService(_context.OpenDatabase("refused"), TradeNode.Bitcoin.Network.RegTest, _context.Client, WalletTestContext.Options, identity: binding);

        await Assert.ThrowsAsync<PreconditionFailedException>(() => wallet.RestoreAsync(Mnemonic, null, WalletTestContext.Password, 0));

        Assert.False(wallet.Exists);
        Assert.Empty(binding.Adopted);
    }

    /// <summary>A node stand-in that records the seeds handed to it.</summary>
    private sealed class RecordingBinding : INodeIdentityBinding
    {
        private readonly List<byte[]> _adopted = [];

        public NodeKey CurrentKey { get; set; } = NodeIdentity.Generate().PublicKey;

        public bool Refuse { get; init; }

        public IReadOnlyList<byte[]> Adopted
        {
            get
            {
                lock (_adopted)
                {
                    return [.. _adopted];
                }
            }
        }

        public void EnsureCanAdopt(NodeKey walletNodeKey)
        {
            if (Refuse)
            {
                throw new PreconditionFailedException("refused");
            }
        }

        public Task AdoptAsync(byte[] nodeSeed, CancellationToken cancellationToken = default)
        {
            using var identity = NodeIdentity.FromSeed(nodeSeed);
            lock (_adopted)
            {
                _adopted.Add([.. nodeSeed]);
                CurrentKey = identity.PublicKey;
            }

            return Task.CompletedTask;
        }
    }
}
