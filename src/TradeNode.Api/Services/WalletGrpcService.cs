using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TradeNode.Api.Mapping;
using TradeNode.Api.V1;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Fees;
using TradeNode.Core.Errors;
using TradeNode.Core.Node;

namespace TradeNode.Api.Services;

/// <summary>The Wallet service over the runtime's <see cref="Core.Wallet.WalletService"/>. Passwords and mnemonics pass through, never logged.</summary>
public sealed class WalletGrpcService(NodeRuntime runtime, ApiShutdown shutdown, WalletUnlockClock unlockClock) : V1.Wallet.WalletBase
{
    private const int DefaultUnlockSeconds = 300;

    private Core.Wallet.WalletService Wallet => runtime.Wallet;

    public override async Task<WalletStatus> GetStatus(GetWalletStatusRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await StatusAsync(context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<CreateWalletResponse> Create(CreateWalletRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var mnemonic = await Wallet.CreateAsync(request.Password, request.WordCount == 0 ? 12 : request.WordCount, cancellationToken: context.CancellationToken).ConfigureAwait(false);
        unlockClock.Unlocked(runtime.Time.GetUtcNow() + new Core.Wallet.WalletOptions().UnlockTimeout);
        return new CreateWalletResponse { Mnemonic = mnemonic, BirthdayHeight = Wallet.BirthdayHeight, NodeId = runtime.P2P.Identity.Id.ToString() };
    }

    public override async Task<RestoreWalletResponse> Restore(RestoreWalletRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        await Wallet.RestoreAsync(request.Mnemonic, string.IsNullOrEmpty(request.Passphrase) ? null : request.Passphrase, request.Password, request.BirthdayHeight,
            context.CancellationToken).ConfigureAwait(false);
        unlockClock.Unlocked(runtime.Time.GetUtcNow() + new Core.Wallet.WalletOptions().UnlockTimeout);
        return new RestoreWalletResponse { Balance = WalletMapping.ToBalance(Wallet.GetBalance()), NodeId = runtime.P2P.Identity.Id.ToString() };
    }

    public override Task<UnlockWalletResponse> Unlock(UnlockWalletRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.TimeoutSeconds < 0)
        {
            throw new InvalidInputException("timeout_seconds", "The field timeout_seconds must not be negative (0 means 300 seconds).");
        }

        var timeout = TimeSpan.FromSeconds(request.TimeoutSeconds == 0 ? DefaultUnlockSeconds : request.TimeoutSeconds);
        Wallet.Unlock(request.Password, timeout);
        var until = runtime.Time.GetUtcNow() + timeout;
        unlockClock.Unlocked(until);
        return Task.FromResult(new UnlockWalletResponse { UnlockedUntil = Timestamp.FromDateTimeOffset(until) });
    }

    public override Task<LockWalletResponse> Lock(LockWalletRequest request, ServerCallContext context)
    {
        if (!Wallet.Exists)
        {
            throw new PreconditionFailedException("There is no wallet yet: create or restore one.");
        }

        Wallet.Lock();
        return Task.FromResult(new LockWalletResponse());
    }

    public override Task<Balance> GetBalance(GetBalanceRequest request, ServerCallContext context) =>
        Task.FromResult(WalletMapping.ToBalance(Wallet.GetBalance()));

    public override Task<NewAddressResponse> NewAddress(NewAddressRequest request, ServerCallContext context)
    {
        var (address, path) = Wallet.NewAddressWithPath();
        return Task.FromResult(new NewAddressResponse { Address = address.ToString(), DerivationPath = path.ToStringWithRoot() });
    }

    public override Task<ListTransactionsResponse> ListTransactions(ListTransactionsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (offset, size) = Paging.Read(request.Page);
        var all = Wallet.ListTransactions();
        var response = new ListTransactionsResponse
        {
            Page = new PageInfo { TotalCount = all.Count, NextPageToken = Paging.Next(offset, size, all.Count) },
        };
        response.Transactions.AddRange(all.Skip(offset).Take(size).Select(WalletMapping.ToTransaction));
        return Task.FromResult(response);
    }

    public override async Task<SendResponse> Send(SendRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(request.Address))
        {
            throw new InvalidInputException("address", "The field address is required: a bitcoin address of this node's network.");
        }

        if (!BitcoinAddress.TryCreate(request.Address.Trim(), runtime.Network, out var address))
        {
            throw new InvalidInputException("address", $"The field address is not a valid {NetworkNames.Of(runtime.Network)} bitcoin address.");
        }

        if (request.FeeRateSatPerVb < 0)
        {
            throw new InvalidInputException("fee_rate_sat_per_vb", "The field fee_rate_sat_per_vb must not be negative (0 means estimate).");
        }

        if (request.ConfirmationTarget < 0)
        {
            throw new InvalidInputException("confirmation_target", "The field confirmation_target must not be negative (0 means 6 blocks).");
        }

        var result = await Wallet.SendAsync(
            address,
            request.AmountSats,
            request.FeeRateSatPerVb == 0 ? null : FeeRate.FromSatoshisPerVByte(request.FeeRateSatPerVb),
            request.ConfirmationTarget == 0 ? null : request.ConfirmationTarget,
            request.SubtractFeeFromAmount,
            context.CancellationToken).ConfigureAwait(false);
        return new SendResponse { Txid = result.Txid.ToString(), FeeSats = result.FeeSats, AmountSats = result.AmountSats };
    }

    public override async Task<FundResponse> Fund(FundRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (request.Blocks < 0)
        {
            throw new InvalidInputException("blocks", "The field blocks must not be negative (0 means 101).");
        }

        var result = await Wallet.FundAsync(request.Blocks == 0 ? 101 : request.Blocks, context.CancellationToken).ConfigureAwait(false);
        var response = new FundResponse { Balance = WalletMapping.ToBalance(result.Balance) };
        response.BlockHashes.AddRange(result.BlockHashes.Select(h => h.ToString()));
        return response;
    }

    public override async Task Watch(WatchWalletRequest request, IServerStreamWriter<WalletStatus> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, shutdown.Stopping);
        var changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        void OnChanged(object? sender, EventArgs e) => changed.Writer.TryWrite(true);
        Wallet.Changed += OnChanged;
        try
        {
            WalletStatus? last = null;
            do
            {
                var status = await StatusAsync(ending.Token).ConfigureAwait(false);
                if (!status.Equals(last))
                {
                    await responseStream.WriteAsync(status, ending.Token).ConfigureAwait(false);
                    last = status;
                }
            }
            while (await changed.Reader.WaitToReadAsync(ending.Token).ConfigureAwait(false) && changed.Reader.TryRead(out _));
        }
        catch (OperationCanceledException) when (shutdown.Stopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // The node is stopping: the stream ends with OK.
        }
        finally
        {
            Wallet.Changed -= OnChanged;
        }
    }

    private async Task<WalletStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var tip = await runtime.Chain.GetTipAsync(cancellationToken).ConfigureAwait(false);
        return WalletMapping.ToStatus(Wallet, tip.Height, unlockClock.Until);
    }
}
