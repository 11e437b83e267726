using LiteDB;
using Microsoft.Extensions.Time.Testing;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Chain;
using TradeNode.Chain.Regtest;
using TradeNode.Core.Wallet;

namespace TradeNode.Core.Tests.Wallet;

/// <summary>
/// A real in-memory regtest chain and LiteDB files in a temporary folder, with wallets opened over them (cheap
/// Argon2 parameters). Disposing closes every wallet and database and deletes the folder.
/// </summary>
internal sealed class WalletTestContext : IDisposable
{
    public const string Password = "correct horse battery";

    private readonly List<IDisposable> _open = [];

    public WalletTestContext()
    {
        Directory = Path.Combine(Path.GetTempPath(), "tradenode-wallet-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Chain = RegtestChain.CreateInMemory();
        Client = new EmbeddedChainClient(Chain);
    }

    public string Directory { get; }

    public RegtestChain Chain { get; }

    public IChainClient Client { get; }

    public static WalletOptions Options { get; } = new() { Kdf = WalletKdfParameters.InsecureForTests };

    public string DatabasePath(string name) => Path.Combine(Directory, name + ".db");

    public LiteDatabase OpenDatabase(string name)
    {
        var database = new LiteDatabase(new ConnectionString { Filename = DatabasePath(name), Connection = ConnectionType.Direct });
        _open.Add(database);
        return database;
    }

    public WalletService OpenWallet(string name, TimeProvider? time = null, WalletOptions? options = null)
    {
        var wallet = new WalletService(OpenDatabase(name), Network.RegTest, Client, options ?? Options, time);
        _open.Insert(0, wallet);
        return wallet;
    }

    public async Task<(WalletService Wallet, string Mnemonic)> CreateWalletAsync(string name, TimeProvider? time = null)
    {
        var wallet = OpenWallet(name, time);
        var mnemonic = await wallet.CreateAsync(Password);
        return (wallet, mnemonic);
    }

    /// <summary>A funded wallet: 101 blocks mined to it, so one 50 BTC coinbase is spendable.</summary>
    public async Task<WalletService> CreateFundedWalletAsync(string name)
    {
        var (wallet, _) = await CreateWalletAsync(name);
        await wallet.FundAsync();
        return wallet;
    }

    /// <summary>Mines blocks paying a key nobody here owns, so no wallet's balance moves except by maturing coinbases.</summary>
    public IReadOnlyList<UInt256> MineToStranger(int blocks = 1) =>
        Chain.Generate(blocks, new Key().PubKey.GetScriptPubKey(ScriptPubKeyType.Segwit));

    public static FakeTimeProvider NewFakeTime() => new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Closes every wallet and database opened so far (the files stay), like a node shutting down.</summary>
    public void CloseAll()
    {
        foreach (var disposable in _open)
        {
            disposable.Dispose();
        }

        _open.Clear();
    }

    public void Dispose()
    {
        CloseAll();
        Chain.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the OS: the temp folder is cleaned later.
        }
    }
}
