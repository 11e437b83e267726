using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.Crypto;
using TradeNode.Bitcoin.Scripting;
using TradeNode.Bitcoin.Serialization;
using static TradeNode.Bitcoin.Psbt.PSBTSerialization;

namespace TradeNode.Bitcoin.Psbt;

/// <summary>The per-input map of a PSBT (BIP174): what is known about the coin it spends, and its signatures.</summary>
public sealed class PSBTInput
{
    private Transaction? _nonWitnessUtxo;

    internal PSBTInput(PSBT parent, int index)
    {
        Parent = parent;
        Index = index;
    }

    public PSBT Parent { get; }

    public int Index { get; }

    public TxIn TxIn => Parent.Tx.Inputs[Index];

    public OutPoint PrevOut => TxIn.PrevOut;

    /// <summary>The whole transaction that created the spent output; it must be the one the input's outpoint names.</summary>
    public Transaction? NonWitnessUtxo
    {
        get => _nonWitnessUtxo;
        set
        {
            if (value is not null)
            {
                var error = CheckNonWitnessUtxo(value);
                if (error is not null)
                {
                    throw new ArgumentException(error, nameof(value));
                }
            }

            _nonWitnessUtxo = value;
        }
    }

    /// <summary>The spent output (amount and scriptPubKey), for segwit inputs.</summary>
    public TxOut? WitnessUtxo { get; set; }

    /// <summary>Signatures by public key (kept in Bitcoin Core's order: by key id).</summary>
    public SortedDictionary<PubKey, TransactionSignature> PartialSigs { get; } = new(PubKeyComparer.ByKeyId);

    /// <summary>The hash type signers must use; null means SIGHASH_ALL.</summary>
    public SigHash? SighashType { get; set; }

    public Script? RedeemScript { get; set; }

    public Script? WitnessScript { get; set; }

    public SortedDictionary<PubKey, RootedKeyPath> HDKeyPaths { get; } = new(PubKeyComparer.ByBytes);

    public Script? FinalScriptSig { get; set; }

    public WitScript? FinalScriptWitness { get; set; }

    /// <summary>Unknown and proprietary fields, kept byte for byte (whole key including its type → value).</summary>
    public SortedDictionary<byte[], byte[]> Unknown { get; } = new(ByteArrayComparer.Instance);

    /// <summary>Hash preimages, taproot and MuSig2 fields: checked on parsing, not used here, kept for the round trip.</summary>
    internal SortedDictionary<byte[], byte[]> Retained { get; } = new(ByteArrayComparer.Instance);

    /// <summary>Like Bitcoin Core: finalized once a non-empty final scriptSig or final witness is present.</summary>
    public bool IsFinalized() => FinalScriptSig is { Length: > 0 } || FinalScriptWitness is { IsEmpty: false };

    public void AddKeyPath(PubKey pubKey, RootedKeyPath rootedKeyPath)
    {
        ArgumentNullException.ThrowIfNull(pubKey);
        ArgumentNullException.ThrowIfNull(rootedKeyPath);
        HDKeyPaths[pubKey] = rootedKeyPath;
    }

    /// <summary>The spent output: from the non-witness UTXO when present (its amount is committed by the txid), else the witness UTXO.</summary>
    public TxOut? GetTxOut() =>
        _nonWitnessUtxo is not null ? _nonWitnessUtxo.Outputs[(int)PrevOut.N] : WitnessUtxo;

    public Coin? GetCoin() => GetTxOut() is { } txOut ? new Coin(PrevOut, txOut) : null;

    /// <summary>Signs with the input's hash type (SIGHASH_ALL when none is set). See <see cref="Sign(Key, SigHash)"/>.</summary>
    public bool Sign(Key key) => Sign(key, SighashType ?? SigHash.All);

    /// <summary>
    /// Signer role for this input: checks that the UTXO, redeem script and witness script agree, then signs when the
    /// key takes part in the spent script. Returns false when the key has nothing to sign here (the input is
    /// already finalized, or spends a script type this signer does not support, such as taproot); throws <see cref="PSBTException"/> when the input is inconsistent or the hash type differs
    /// from the one the input asks for.
    /// </summary>
    public bool Sign(Key key, SigHash sigHash)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (IsFinalized())
        {
            return false;
        }

        if (SighashType is { } required && required != sigHash)
        {
            throw new PSBTException([new PSBTError(Index, $"The input asks for hash type {required}, not {sigHash}.")]);
        }

        if (!TransactionSignature.IsDefinedHashType((uint)sigHash))
        {
            throw new PSBTException([new PSBTError(Index, $"0x{(uint)sigHash:x2} is not a hash type this signer uses.")]);
        }

        var spend = AnalyzeSpend(out var error, out var unsupported);
        if (spend is null)
        {
            // A script type this signer does not know (taproot, say) is not ours to sign; an inconsistent input is refused.
            return unsupported ? false : throw new PSBTException([new PSBTError(Index, error!)]);
        }

        var pubKey = key.PubKey;
        if (!spend.Involves(pubKey))
        {
            return false;
        }

        var hash = Parent.Tx.GetSignatureHash(spend.ScriptCode, Index, sigHash, spend.Amount, spend.Version, Parent.GetPrecomputedData());
        PartialSigs[pubKey] = new TransactionSignature(key.Sign(hash, Parent.UseLowR), sigHash);
        return true;
    }

    /// <summary>Finalizer role for this input; throws <see cref="PSBTException"/> with the reasons when it cannot.</summary>
    public void FinalizeInput()
    {
        if (!TryFinalizeInput(out var errors))
        {
            throw new PSBTException([.. errors]);
        }
    }

    /// <summary>
    /// Finalizer role: builds the final scriptSig and witness from verified partial signatures (P2PKH, P2WPKH, and
    /// P2PK or multisig, bare or in P2SH, P2WSH or P2SH-P2WSH), then clears what BIP174 says a finalized input no longer needs.
    /// </summary>
    public bool TryFinalizeInput(out IList<PSBTError> errors)
    {
        errors = [];
        if (IsFinalized())
        {
            return true;
        }

        var spend = AnalyzeSpend(out var error, out _);
        if (spend is null)
        {
            errors.Add(new PSBTError(Index, error!));
            return false;
        }

        var problems = new List<string>();
        var valid = PartialSigs.Where(p => IsValidSignature(spend, p.Key, p.Value, problems)).ToDictionary(p => p.Key, p => p.Value);
        List<byte[]> stack;
        if (spend.KeyHash is { } keyHash)
        {
            var signer = valid.Keys.FirstOrDefault(k => k.Hash160.AsSpan().SequenceEqual(keyHash));
            if (signer is null)
            {
                errors.Add(new PSBTError(Index, Describe("No valid signature for the key this input pays to.", problems)));
                return false;
            }

            stack = [valid[signer].ToBytes(), signer.ToBytes()];
        }
        else if (PayToMultiSigTemplate.Instance.ExtractScriptPubKeyParameters(spend.SigningScript) is { } multisig)
        {
            // CHECKMULTISIG walks keys and signatures in step: signatures go in the order of their keys in the script.
            var required = multisig.SignatureCount;
            var sigs = multisig.PubKeys.Distinct().Where(valid.ContainsKey).Select(k => valid[k].ToBytes()).Take(required).ToList();
            if (sigs.Count < required)
            {
                errors.Add(new PSBTError(Index, Describe($"{required} valid signatures are needed, {sigs.Count} present.", problems)));
                return false;
            }

            stack = [[], .. sigs]; // the empty element is CHECKMULTISIG's extra pop (NULLDUMMY)
        }
        else if (PayToPubkeyTemplate.Instance.ExtractScriptPubKeyParameters(spend.SigningScript) is { } payee)
        {
            if (!valid.TryGetValue(payee, out var signature))
            {
                errors.Add(new PSBTError(Index, Describe("No valid signature for the key this input pays to.", problems)));
                return false;
            }

            stack = [signature.ToBytes()];
        }
        else
        {
            errors.Add(new PSBTError(Index, "The finalizer only knows P2PKH, P2WPKH, P2PK and multisig scripts (bare or in P2SH, P2WSH, P2SH-P2WSH)."));
            return false;
        }

        if (spend.Version == HashVersion.WitnessV0)
        {
            if (spend.WitnessScript is not null)
            {
                stack.Add(spend.WitnessScript.ToBytes());
            }

            FinalScriptWitness = new WitScript(stack);
            FinalScriptSig = spend.RedeemScript is not null ? new Script(Op.GetPushOp(spend.RedeemScript.Span)) : null;
        }
        else
        {
            if (spend.RedeemScript is not null)
            {
                stack.Add(spend.RedeemScript.ToBytes());
            }

            FinalScriptSig = new Script(stack.Select(item => item.Length == 0 ? Op.FromCode(OpcodeType.OP_0) : Op.GetPushOp(item)));
            FinalScriptWitness = null;
        }

        ClearFinalizedFields();
        return true;
    }

    /// <summary>BIP174 finalizer: everything but the UTXOs, the final scripts and unknown fields is cleared.</summary>
    private void ClearFinalizedFields()
    {
        PartialSigs.Clear();
        SighashType = null;
        RedeemScript = null;
        WitnessScript = null;
        HDKeyPaths.Clear();
        Retained.Clear();
    }

    private static string Describe(string message, List<string> problems) =>
        problems.Count == 0 ? message : $"{message} {string.Join(" ", problems)}";

    private bool IsValidSignature(SpendInfo spend, PubKey pubKey, TransactionSignature signature, List<string> problems)
    {
        if (SighashType is { } required && signature.SigHash != required)
        {
            problems.Add($"The signature by {pubKey} uses hash type {signature.SigHash}, not the required {required}.");
            return false;
        }

        var hash = Parent.Tx.GetSignatureHash(spend.ScriptCode, Index, signature.SigHash, spend.Amount, spend.Version, Parent.GetPrecomputedData());
        if (!pubKey.Verify(hash, signature.Signature))
        {
            problems.Add($"The signature by {pubKey} does not verify for this transaction.");
            return false;
        }

        return true;
    }

    /// <summary>True when the script pushes the public key's bytes somewhere (the key takes part in it).</summary>
    internal static bool PushesPubKey(Script script, PubKey pubKey) =>
        script.TryGetOps(out var ops) && ops.Any(op => op.PushData is { } data && data.AsSpan().SequenceEqual(pubKey.Span));

    internal string? CheckNonWitnessUtxo(Transaction utxo)
    {
        if (utxo.GetHash() != PrevOut.Hash)
        {
            return $"Non-witness UTXO does not match outpoint hash: the transaction is {utxo.GetHash()}, the input spends {PrevOut.Hash}.";
        }

        return PrevOut.N >= utxo.Outputs.Count
            ? $"Input specifies output index that does not exist: {PrevOut.N} in a transaction with {utxo.Outputs.Count} outputs."
            : null;
    }

    /// <summary>
    /// BIP174 signer checks: works out how the input is spent and that the UTXO, redeem script and witness script
    /// agree with each other. Null with a reason when they do not, or when there is no UTXO.
    /// </summary>
    private SpendInfo? AnalyzeSpend(out string? error, out bool unsupported)
    {
        error = null;
        unsupported = false;
        if (_nonWitnessUtxo is not null && WitnessUtxo is not null && !_nonWitnessUtxo.Outputs[(int)PrevOut.N].Equals(WitnessUtxo))
        {
            error = "The witness UTXO differs from the output of the non-witness UTXO.";
            return null;
        }

        var txOut = GetTxOut();
        if (txOut is null)
        {
            error = "The input has no UTXO (neither witness nor non-witness): nothing is known about the coin it spends.";
            return null;
        }

        var script = txOut.ScriptPubKey;
        Script? redeem = null;
        if (script.IsPayToScriptHash)
        {
            if (RedeemScript is null)
            {
                error = "The UTXO is P2SH but the input has no redeem script.";
                return null;
            }

            if (!RedeemScript.Hash160.AsSpan().SequenceEqual(script.Span.Slice(2, 20)))
            {
                error = "The redeem script does not match the P2SH scriptPubKey of the UTXO.";
                return null;
            }

            redeem = RedeemScript;
            script = RedeemScript;
        }
        else if (RedeemScript is not null)
        {
            error = "The input has a redeem script but its UTXO is not P2SH.";
            return null;
        }

        if (script.IsWitnessProgram(out var witnessVersion, out var program))
        {
            if (witnessVersion != 0 || program.Length is not 20 and not 32)
            {
                error = $"Witness version {witnessVersion} programs of {program.Length} bytes are not supported by this signer.";
                unsupported = true;
                return null;
            }

            if (program.Length == 20)
            {
                if (WitnessScript is not null)
                {
                    error = "The input has a witness script but spends a P2WPKH output.";
                    return null;
                }

                return new SpendInfo(txOut.Value, HashVersion.WitnessV0, PayToPubkeyHashTemplate.Instance.GenerateScriptPubKey(program), script, redeem, null, program);
            }

            if (WitnessScript is null)
            {
                error = "The UTXO is P2WSH but the input has no witness script.";
                return null;
            }

            if (!WitnessScript.WitnessHash.AsSpan().SequenceEqual(program))
            {
                error = redeem is null
                    ? "The witness script does not match the P2WSH scriptPubKey of the UTXO."
                    : "The witness script does not match the redeem script (the P2SH-wrapped P2WSH program).";
                return null;
            }

            return new SpendInfo(txOut.Value, HashVersion.WitnessV0, WitnessScript, WitnessScript, redeem, WitnessScript, null);
        }

        if (WitnessScript is not null)
        {
            error = "The input has a witness script but does not spend a witness program.";
            return null;
        }

        if (_nonWitnessUtxo is null)
        {
            error = "A witness UTXO is provided for a non-witness input: legacy inputs need the non-witness UTXO, whose txid commits to the amount.";
            return null;
        }

        var keyHash = PayToPubkeyHashTemplate.Instance.ExtractScriptPubKeyParameters(script);
        return new SpendInfo(txOut.Value, HashVersion.Original, script, script, redeem, null, keyHash);
    }

    internal void Read(List<Entry> entries)
    {
        foreach (var entry in entries)
        {
            switch (entry.Type)
            {
                case 0x00:
                    RequireNoKeyData(entry, "input non-witness UTXO");
                    var utxo = Decode("non-witness UTXO", () => Transaction.FromBytes(entry.Value));
                    _nonWitnessUtxo = CheckNonWitnessUtxo(utxo) is { } mismatch ? throw new FormatException(mismatch) : utxo;
                    break;
                case 0x01:
                    RequireNoKeyData(entry, "input witness UTXO");
                    WitnessUtxo = Decode("witness UTXO", () => ReadTxOut(entry.Value, "witness UTXO"));
                    break;
                case 0x02:
                    var signer = ReadPubKeyKey(entry, "partial signature pubkey");
                    if (!TransactionSignature.TryParse(entry.Value, out var signature))
                    {
                        throw new FormatException($"Signature is not a valid encoding: the partial signature by {signer} is not strict DER with a defined hash type.");
                    }

                    PartialSigs.Add(signer, signature);
                    break;
                case 0x03:
                    RequireNoKeyData(entry, "input sighash type");
                    RequireValueSize(entry, 4, "sighash type");
                    SighashType = (SigHash)new BitcoinReader(entry.Value).ReadUInt32();
                    break;
                case 0x04:
                    RequireNoKeyData(entry, "input redeemScript");
                    RedeemScript = new Script(entry.Value);
                    break;
                case 0x05:
                    RequireNoKeyData(entry, "input witnessScript");
                    WitnessScript = new Script(entry.Value);
                    break;
                case 0x06:
                    var pubKey = ReadPubKeyKey(entry, "input BIP32 derivation pubkey");
                    HDKeyPaths.Add(pubKey, ReadKeyOrigin(entry.Value, "input BIP32 derivation"));
                    break;
                case 0x07:
                    RequireNoKeyData(entry, "input final scriptSig");
                    FinalScriptSig = new Script(entry.Value);
                    break;
                case 0x08:
                    RequireNoKeyData(entry, "input final scriptWitness");
                    FinalScriptWitness = Decode("final script witness", () => ReadWitness(entry.Value, "final script witness"));
                    break;
                default:
                    (PSBTExtensionFields.ValidateInput(entry) ? Retained : Unknown).Add(entry.Key, entry.Value);
                    break;
            }
        }
    }

    internal void Write(BitcoinWriter writer)
    {
        if (_nonWitnessUtxo is not null)
        {
            WriteEntry(writer, 0x00, [], _nonWitnessUtxo.ToBytes());
        }

        if (WitnessUtxo is not null)
        {
            WriteEntry(writer, 0x01, [], WriteTxOut(WitnessUtxo));
        }

        foreach (var (pubKey, signature) in PartialSigs)
        {
            WriteEntry(writer, 0x02, pubKey.Span, signature.ToBytes());
        }

        if (SighashType is { } sighash)
        {
            var value = new BitcoinWriter(4);
            value.WriteUInt32((uint)sighash);
            WriteEntry(writer, 0x03, [], value.WrittenSpan);
        }

        if (RedeemScript is not null)
        {
            WriteEntry(writer, 0x04, [], RedeemScript.Span);
        }

        if (WitnessScript is not null)
        {
            WriteEntry(writer, 0x05, [], WitnessScript.Span);
        }

        foreach (var (pubKey, origin) in HDKeyPaths)
        {
            WriteEntry(writer, 0x06, pubKey.Span, WriteKeyOrigin(origin));
        }

        if (FinalScriptSig is not null)
        {
            WriteEntry(writer, 0x07, [], FinalScriptSig.Span);
        }

        if (FinalScriptWitness is not null)
        {
            WriteEntry(writer, 0x08, [], WriteWitness(FinalScriptWitness));
        }

        WriteRaw(writer, Retained);
        WriteRaw(writer, Unknown);
        writer.WriteByte(0x00);
    }

    /// <summary>Combiner: adds what <paramref name="other"/> knows and this input does not.</summary>
    internal void Merge(PSBTInput other)
    {
        _nonWitnessUtxo ??= other._nonWitnessUtxo;
        WitnessUtxo ??= other.WitnessUtxo;
        foreach (var (pubKey, signature) in other.PartialSigs)
        {
            PartialSigs.TryAdd(pubKey, signature);
        }

        SighashType ??= other.SighashType;
        RedeemScript ??= other.RedeemScript;
        WitnessScript ??= other.WitnessScript;
        foreach (var (pubKey, origin) in other.HDKeyPaths)
        {
            HDKeyPaths.TryAdd(pubKey, origin);
        }

        if (!IsFinalized() && other.IsFinalized())
        {
            FinalScriptSig = other.FinalScriptSig;
            FinalScriptWitness = other.FinalScriptWitness;
        }

        foreach (var (key, value) in other.Retained)
        {
            Retained.TryAdd(key, value);
        }

        foreach (var (key, value) in other.Unknown)
        {
            Unknown.TryAdd(key, value);
        }
    }

    /// <summary>How an input is spent, as the signer and finalizer see it.</summary>
    /// <param name="SigningScript">The script whose keys sign: the scriptPubKey, redeem script or witness script.</param>
    /// <param name="KeyHash">For P2PKH and P2WPKH, the hash of the one key that signs.</param>
    private sealed record SpendInfo(Money Amount, HashVersion Version, Script ScriptCode, Script SigningScript, Script? RedeemScript, Script? WitnessScript, byte[]? KeyHash)
    {
        public bool Involves(PubKey pubKey) =>
            KeyHash is not null ? pubKey.Hash160.AsSpan().SequenceEqual(KeyHash) : PushesPubKey(SigningScript, pubKey);
    }
}
