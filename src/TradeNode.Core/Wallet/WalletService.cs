using System.Security.Cryptography;
using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.Bip39;
using TradeNode.Chain;
using TradeNode.Core.Errors;
using TradeNode.Core.Wallet.Storage;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Wallet;

/// <summary>
/// The node's HD wallet: one BIP39 seed, encrypted at rest (Argon2id + XChaCha20-Poly1305); BIP84 receive and change
/// chains watched through the account xpub, so addresses and balances work while locked; coins tracked by scanning
/// blocks from the birthday through <see cref="IChainClient"/>, following reorgs, plus the mempool; sends with
/// waste-minimising coin selection; reservations for offers and trades; escrow keys for trades.
/// All state lives in the node's LiteDB database in collections prefixed <c>wallet_</c>, written one transaction
/// per block or send. A wrong password is an <see cref="InvalidInputException"/> on the field "password".
/// </summary>
public sealed partial class WalletService : ICoinReserver, IDisposable
{
    /// <summary>BIP84 account of the escrow keys: m/84'/coin'/1000'.</summary>
    public const int EscrowAccount = 1000;

    /// <summary>Coinbase outputs can be spent after this many confirmations (consensus).</summary>
    public const int CoinbaseMaturity = 100;

    private const int ReceiveChain = 0;
    private const int ChangeChain = 1;
    private const int MinPasswordLength = 8;

    private readonly WalletStore _store;
    private readonly Network _network;
    private readonly IChainClient _chain;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WalletOptions _options;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _operation = new(1, 1);
    private readonly INodeIdentityBinding? _identity;
    private readonly ChainWaiter _waiter;

    private readonly Dictionary<string, CoinRecord> _coins = [];
    private readonly Dictionary<string, TransactionRecord> _transactions = [];
    private readonly SortedDictionary<int, string> _blocks = [];
    private readonly Dictionary<string, ReservationRecord> _reservations = [];
    private readonly Dictionary<string, (int Chain, int Index)> _scripts = [];
    private readonly int[] _derived = new int[2];
    private readonly HashSet<UInt256> _irrelevantMempool = [];

    private WalletMeta? _meta;
    private ExtPubKey? _accountXpub;
    private ExtPubKey? _escrowXpub;
    private ExtPubKey[] _chainXpubs = [];
    private ExtKey? _accountKey;
    private ExtKey? _escrowKey;
    private ITimer? _lockTimer;
    private volatile bool _disposed;

    public WalletService(LiteDatabase database, Network network, IChainClient chain, TimeProvider? time = null, ILogger? logger = null)
        : this(database, network, chain, new WalletOptions(), time, logger)
    {
    }

    /// <param name="identity">
    /// The node that takes the identity the wallet's seed derives (<see cref="NodeIdentitySeed"/>); null for a wallet
    /// alone (tests, tools), which still records its node key.
    /// </param>
    public WalletService(LiteDatabase database, Network network, IChainClient chain, WalletOptions options, TimeProvider? time = null, ILogger? logger = null,
        INodeIdentityBinding? identity = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.GapLimit, 1, nameof(options));
        _store = new WalletStore(database);
        _network = network;
        _chain = chain;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _identity = identity;
        _waiter = new ChainWaiter(chain, _time, options.TipCheckInterval, options.PollInterval);
        Load();
    }

    /// <summary>Raised after the balance, the transactions, the addresses or the lock state changed (for live API streams).</summary>
    public event EventHandler? Changed;

    /// <summary>True once a wallet was created or restored in this database.</summary>
    public bool Exists
    {
        get
        {
            lock (_gate)
            {
                return _meta is not null;
            }
        }
    }

    /// <summary>True while the private keys are in memory (after <see cref="Unlock"/>, until the timeout or <see cref="Lock"/>).</summary>
    public bool IsUnlocked
    {
        get
        {
            lock (_gate)
            {
                return _accountKey is not null;
            }
        }
    }

    public Network Network => _network;

    /// <summary>The height the wallet scans from: the tip when it was created, or the height given at restore.</summary>
    public int BirthdayHeight => RequireMeta().Birthday;

    /// <summary>The last block height scanned.</summary>
    public int ScannedHeight
    {
        get
        {
            lock (_gate)
            {
                return RequireMeta().ScannedHeight;
            }
        }
    }

    /// <summary>The BIP84 account xpub (m/84'/coin'/0'), watch-only: every receive and change address derives from it.</summary>
    public ExtPubKey AccountKey => RequireMetaAnd(() => _accountXpub!);

    /// <summary>
    /// The escrow account xpub (m/84'/coin'/1000'): listings and arbitrator profiles publish it, and counterparties
    /// derive this node's per-trade escrow key from it with a non-hardened trade index.
    /// </summary>
    public ExtPubKey EscrowAccountKey => RequireMetaAnd(() => _escrowXpub!);

    /// <summary>
    /// The node key of the identity this wallet's seed derives (<see cref="NodeIdentitySeed"/>), which the node takes
    /// when the wallet is created or restored; null for a wallet made before node identities came from the wallet
    /// (its node keeps the random identity it had, so its offers and trades keep their author).
    /// </summary>
    public NodeKey? NodeKey
    {
        get
        {
            var key = RequireMeta().NodeKey;
            return key is null ? null : P2P.Identity.NodeKey.Parse(key);
        }
    }

    /// <summary>The BIP32 fingerprint of the master key, for PSBT key origins.</summary>
    public HDFingerprint MasterFingerprint => new(RequireMeta().MasterFingerprint);

    /// <summary>
    /// Makes a new wallet: a fresh BIP39 mnemonic (returned this once, never stored in clear), its seed encrypted with
    /// <paramref name="password"/>, birthday at the current tip. The wallet is left unlocked for the default timeout.
    /// </summary>
    public async Task<string> CreateAsync(string password, int wordCount = 12, DateTimeOffset? now = null, CancellationToken cancellationToken = default)
    {
        ValidatePassword(password);
        if (!Enum.IsDefined((WordCount)wordCount))
        {
            throw new InvalidInputException("word_count", "The mnemonic has 12, 15, 18, 21 or 24 words.");
        }

        EnsureNoWallet();
        var tip = await _chain.GetTipAsync(cancellationToken).ConfigureAwait(false);
        var mnemonic = new Mnemonic(Wordlist.English, (WordCount)wordCount);
        var seed = mnemonic.DeriveSeed();
        var nodeSeed = NodeIdentitySeed.FromWalletSeed(seed);
        try
        {
            var nodeKey = PrepareNodeIdentity(nodeSeed);
            Initialize(seed, password, tip.Height, now ?? _time.GetUtcNow(), (tip.Height, tip.Hash.ToString()), nodeKey);
            _logger.LogInformation("Wallet created at height {Height}", tip.Height);
            await AdoptNodeIdentityAsync(nodeSeed).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
            CryptographicOperations.ZeroMemory(nodeSeed);
        }

        OnChanged();
        return mnemonic.ToString();
    }

    /// <summary>
    /// Restores a wallet from its mnemonic (and optional BIP39 passphrase), encrypts the seed with
    /// <paramref name="password"/>, then scans the chain from <paramref name="birthdayHeight"/>. Left unlocked for the
    /// default timeout. A chain failure during that first scan is logged, not thrown: the wallet exists, and the next
    /// <see cref="SyncAsync"/> resumes from the last committed block.
    /// </summary>
    public async Task RestoreAsync(string mnemonic, string? passphrase, string password, int birthdayHeight, CancellationToken cancellationToken = default)
    {
        if (!Mnemonic.TryParse(mnemonic, out var parsed))
        {
            var reason = "The mnemonic is not a valid BIP39 English mnemonic.";
            try
            {
                _ = new Mnemonic(mnemonic ?? string.Empty);
            }
            catch (MnemonicFormatException ex)
            {
                reason = ex.RedactedMessage;
            }

            throw new InvalidInputException("mnemonic", reason);
        }

        ValidatePassword(password);
        if (birthdayHeight < 0)
        {
            throw new InvalidInputException("birthday_height", "The birthday height cannot be negative.");
        }

        EnsureNoWallet();
        byte[] seed;
        try
        {
            seed = parsed.DeriveSeed(passphrase);
        }
        catch (NotSupportedException)
        {
            throw new InvalidInputException("passphrase", "The passphrase must be ASCII on this node (it cannot normalize Unicode).");
        }

        var nodeSeed = NodeIdentitySeed.FromWalletSeed(seed);
        try
        {
            var nodeKey = PrepareNodeIdentity(nodeSeed);
            Initialize(seed, password, birthdayHeight, _time.GetUtcNow(), null, nodeKey);
            _logger.LogInformation("Wallet restored with birthday {Height}", birthdayHeight);
            await AdoptNodeIdentityAsync(nodeSeed).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
            CryptographicOperations.ZeroMemory(nodeSeed);
        }

        OnChanged();
        try
        {
            await SyncAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The wallet is restored and saved; what was scanned is committed and RunAsync goes on from there.
            _logger.LogWarning(ex, "The first scan of the restored wallet stopped; it resumes with the next sync");
        }
    }

    /// <summary>
    /// Decrypts the seed and keeps the account keys in memory for <paramref name="timeout"/> (the default from
    /// <see cref="WalletOptions.UnlockTimeout"/>), after which the wallet locks itself. A wrong password throws
    /// <see cref="InvalidInputException"/> for "password" and changes nothing.
    /// </summary>
    public void Unlock(string password, TimeSpan? timeout = null)
    {
        var meta = RequireMeta();
        if (string.IsNullOrEmpty(password))
        {
            throw new InvalidInputException("password", "The password is empty.");
        }

        var duration = timeout ?? _options.UnlockTimeout;
        if (duration <= TimeSpan.Zero)
        {
            throw new InvalidInputException("timeout", "The unlock timeout must be positive.");
        }

        var seed = SeedEncryption.TryDecrypt(meta.Seed, password, _network.Name)
            ?? throw new InvalidInputException("password", "The password is wrong.");
        try
        {
            SetKeys(ExtKey.CreateFromSeed(seed), duration);
            RepairNodeIdentity(meta, seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }

        OnChanged();
    }

    /// <summary>Forgets the private keys now. Addresses and balances keep working.</summary>
    public void Lock()
    {
        bool wasUnlocked;
        lock (_gate)
        {
            wasUnlocked = _accountKey is not null;
            _lockTimer?.Dispose();
            _lockTimer = null;
            _accountKey = null;
            _escrowKey = null;
        }

        if (wasUnlocked)
        {
            OnChanged();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        lock (_gate)
        {
            _lockTimer?.Dispose();
            _lockTimer = null;
            _accountKey = null;
            _escrowKey = null;
        }

        _operation.Dispose();
    }

    private static void ValidatePassword(string password)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new InvalidInputException("password", "The password is empty.");
        }

        if (password.Length < MinPasswordLength)
        {
            throw new InvalidInputException("password", $"The password must have at least {MinPasswordLength} characters.");
        }
    }

    private void EnsureNoWallet()
    {
        if (Exists)
        {
            throw new PreconditionFailedException("A wallet already exists on this node.");
        }
    }

    private WalletMeta RequireMeta()
    {
        lock (_gate)
        {
            return _meta ?? throw new PreconditionFailedException("There is no wallet yet: create or restore one.");
        }
    }

    private T RequireMetaAnd<T>(Func<T> read)
    {
        lock (_gate)
        {
            _ = _meta ?? throw new PreconditionFailedException("There is no wallet yet: create or restore one.");
            return read();
        }
    }

    private (ExtKey Account, ExtKey Escrow) RequireUnlocked()
    {
        RequireMeta();
        lock (_gate)
        {
            return _accountKey is not null && _escrowKey is not null
                ? (_accountKey, _escrowKey)
                : throw new PreconditionFailedException("The wallet is locked: unlock it with its password first.");
        }
    }

    /// <summary>The node key of <paramref name="nodeSeed"/>, after the node agreed to take it (it throws when it cannot).</summary>
    private string PrepareNodeIdentity(byte[] nodeSeed)
    {
        using var identity = NodeIdentity.FromSeed(nodeSeed);
        _identity?.EnsureCanAdopt(identity.PublicKey);
        return identity.PublicKey.ToHex();
    }

    /// <summary>
    /// Hands the node seed to the node. The wallet is saved already, and its mnemonic must reach the caller, so a failure
    /// is logged, not thrown: the node keeps its identity until the next unlock repairs it (<see cref="RepairNodeIdentity"/>).
    /// Not cancellable: the switch is short, and a caller that gave up must not leave the node half-way.
    /// </summary>
    private async Task AdoptNodeIdentityAsync(byte[] nodeSeed)
    {
        if (_identity is null)
        {
            return;
        }

        try
        {
            await _identity.AdoptAsync(nodeSeed, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The wallet exists; whatever stopped the switch, the next unlock retries it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "The node could not take the wallet's identity; unlocking the wallet retries");
        }
    }

    /// <summary>
    /// When the node runs under another key than the one this wallet records (node.seed was deleted or replaced), hands
    /// the node seed over again, in the background: unlocking does not wait on the network.
    /// </summary>
    private void RepairNodeIdentity(WalletMeta meta, byte[] seed)
    {
        if (_identity is null || meta.NodeKey is null || _identity.CurrentKey.ToHex() == meta.NodeKey)
        {
            return;
        }

        _logger.LogWarning("The node does not run under the identity its wallet derives; taking it again");
        var nodeSeed = NodeIdentitySeed.FromWalletSeed(seed);
        _ = Task.Run(async () =>
        {
            try
            {
                await AdoptNodeIdentityAsync(nodeSeed).ConfigureAwait(false);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(nodeSeed);
            }
        });
    }

    private void Initialize(byte[] seed, string password, int birthday, DateTimeOffset created, (int Height, string Hash)? scannedTip, string nodeKey)
    {
        var master = ExtKey.CreateFromSeed(seed);
        var account = master.Derive(KeyPaths.Bip84Account(_network, 0));
        var escrow = master.Derive(KeyPaths.Bip84Account(_network, EscrowAccount));
        var meta = new WalletMeta
        {
            Network = _network.Name,
            AccountXpub = account.Neuter().ToString(_network),
            EscrowXpub = escrow.Neuter().ToString(_network),
            MasterFingerprint = master.Fingerprint.Value,
            Birthday = birthday,
            Seed = SeedEncryption.Encrypt(seed, password, _options.Kdf, _network.Name),
            Created = created,
            ScannedHeight = scannedTip?.Height ?? birthday - 1,
            NodeKey = nodeKey,
        };

        lock (_gate)
        {
            if (_meta is not null)
            {
                throw new PreconditionFailedException("A wallet already exists on this node.");
            }

            _store.InTransaction(() =>
            {
                _store.SaveMeta(meta);
                if (scannedTip is { } tip)
                {
                    _store.SaveBlock(tip.Height, tip.Hash);
                }
            });
            if (scannedTip is { } t)
            {
                _blocks[t.Height] = t.Hash;
            }

            _meta = meta;
            SetWatchKeys(meta);
        }

        SetKeys(master, _options.UnlockTimeout);
    }

    private void SetKeys(ExtKey master, TimeSpan timeout)
    {
        var account = master.Derive(KeyPaths.Bip84Account(_network, 0));
        var escrow = master.Derive(KeyPaths.Bip84Account(_network, EscrowAccount));
        lock (_gate)
        {
            if (!account.Neuter().Equals(_accountXpub))
            {
                throw new InvalidOperationException("The decrypted seed does not match the wallet's account key.");
            }

            _accountKey = account;
            _escrowKey = escrow;
            _lockTimer?.Dispose();
            _lockTimer = _time.CreateTimer(_ => Lock(), null, timeout, Timeout.InfiniteTimeSpan);
        }
    }

    private void Load()
    {
        var meta = _store.LoadMeta();
        if (meta is null)
        {
            return;
        }

        if (meta.Network != _network.Name)
        {
            throw new InvalidOperationException($"The wallet in this database is for {meta.Network}, not {_network.Name}.");
        }

        lock (_gate)
        {
            _meta = meta;
            foreach (var coin in _store.LoadCoins())
            {
                _coins[coin.Id] = coin;
            }

            foreach (var tx in _store.LoadTransactions())
            {
                _transactions[tx.Id] = tx;
            }

            foreach (var (height, hash) in _store.LoadBlocks())
            {
                _blocks[height] = hash;
            }

            foreach (var reservation in _store.LoadReservations())
            {
                _reservations[reservation.Id] = reservation;
            }

            SetWatchKeys(meta);
        }
    }

    /// <summary>Caller holds <see cref="_gate"/>.</summary>
    private void SetWatchKeys(WalletMeta meta)
    {
        _accountXpub = ExtPubKey.Parse(meta.AccountXpub, _network);
        _escrowXpub = ExtPubKey.Parse(meta.EscrowXpub, _network);
        _chainXpubs = [_accountXpub.Derive(ReceiveChain), _accountXpub.Derive(ChangeChain)];
        _scripts.Clear();
        _derived[0] = 0;
        _derived[1] = 0;
        ExtendWatch();
    }

    /// <summary>Derives scripts so each chain watches a gap limit past both the next index and the last used one. Caller holds the gate.</summary>
    private void ExtendWatch()
    {
        var meta = _meta!;
        Derive(ReceiveChain, Math.Max(meta.ReceiveNext, meta.ReceiveUsed) + _options.GapLimit);
        Derive(ChangeChain, Math.Max(meta.ChangeNext, meta.ChangeUsed) + _options.GapLimit);
    }

    private void Derive(int chain, int count)
    {
        for (var i = _derived[chain]; i < count; i++)
        {
            _scripts[ScriptOf(chain, i).ToHex()] = (chain, i);
        }

        _derived[chain] = Math.Max(_derived[chain], count);
    }

    private PubKey PubKeyOf(int chain, int index) => _chainXpubs[chain].Derive((uint)index).PubKey;

    private Script ScriptOf(int chain, int index) => PubKeyOf(chain, index).GetScriptPubKey(ScriptPubKeyType.Segwit);

    private KeyPath KeyPathOf(int chain, int index) => KeyPaths.Bip84(_network, 0, chain == ChangeChain, index);

    private void OnChanged() => Changed?.Invoke(this, EventArgs.Empty);
}
