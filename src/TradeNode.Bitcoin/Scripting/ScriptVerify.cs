namespace TradeNode.Bitcoin.Scripting;

/// <summary>Script verification flags, with Bitcoin Core's bit values (script/interpreter.h SCRIPT_VERIFY_*).</summary>
[Flags]
#pragma warning disable CA1711 // "Verify" is not a suffix to avoid here; the name follows NBitcoin and Core.
public enum ScriptVerify : uint
{
    None = 0,

    /// <summary>BIP16: evaluate P2SH redeem scripts.</summary>
    P2SH = 1u << 0,

    /// <summary>Signatures must be strict DER with a defined hash type, public keys compressed or uncompressed.</summary>
    StrictEnc = 1u << 1,

    /// <summary>BIP66: signatures must be strict DER.</summary>
    DerSig = 1u << 2,

    /// <summary>BIP146: signatures must have s at most n/2.</summary>
    LowS = 1u << 3,

    /// <summary>BIP147: the extra CHECKMULTISIG argument must be empty.</summary>
    NullDummy = 1u << 4,

    /// <summary>scriptSig must contain only pushes.</summary>
    SigPushOnly = 1u << 5,

    /// <summary>Pushes and numbers must use their smallest encoding.</summary>
    MinimalData = 1u << 6,

    /// <summary>OP_NOP1 and OP_NOP4..OP_NOP10 fail (policy).</summary>
    DiscourageUpgradableNops = 1u << 7,

    /// <summary>Exactly one element must be left on the stack.</summary>
    CleanStack = 1u << 8,

    /// <summary>BIP65: OP_CHECKLOCKTIMEVERIFY.</summary>
    CheckLockTimeVerify = 1u << 9,

    /// <summary>BIP112: OP_CHECKSEQUENCEVERIFY.</summary>
    CheckSequenceVerify = 1u << 10,

    /// <summary>BIP141: segregated witness.</summary>
    Witness = 1u << 11,

    /// <summary>Unknown witness versions fail (policy).</summary>
    DiscourageUpgradableWitnessProgram = 1u << 12,

    /// <summary>The argument of IF/NOTIF in segwit v0 scripts must be empty or 0x01.</summary>
    MinimalIf = 1u << 13,

    /// <summary>Signatures must be empty when a signature check fails.</summary>
    NullFail = 1u << 14,

    /// <summary>Segwit v0 scripts accept only compressed public keys.</summary>
    WitnessPubkeyType = 1u << 15,

    /// <summary>OP_CODESEPARATOR and FindAndDelete matches fail in legacy scripts.</summary>
    ConstScriptCode = 1u << 16,

    /// <summary>BIP341/342: taproot and tapscript.</summary>
    Taproot = 1u << 17,

    /// <summary>Unknown taproot leaf versions fail (policy).</summary>
    DiscourageUpgradableTaprootVersion = 1u << 18,

    /// <summary>OP_SUCCESSx fails (policy).</summary>
    DiscourageOpSuccess = 1u << 19,

    /// <summary>Tapscript public keys of unknown types fail (policy).</summary>
    DiscourageUpgradablePubkeyType = 1u << 20,

    /// <summary>The flags that are consensus rules today (Core's MANDATORY_SCRIPT_VERIFY_FLAGS).</summary>
    Mandatory = P2SH | DerSig | NullDummy | CheckLockTimeVerify | CheckSequenceVerify | Witness | Taproot,

    /// <summary>Bitcoin Core's STANDARD_SCRIPT_VERIFY_FLAGS: consensus plus relay policy.</summary>
    Standard = Mandatory | StrictEnc | MinimalData | DiscourageUpgradableNops | CleanStack | MinimalIf | NullFail | LowS
        | DiscourageUpgradableWitnessProgram | WitnessPubkeyType | ConstScriptCode | DiscourageUpgradableTaprootVersion
        | DiscourageOpSuccess | DiscourageUpgradablePubkeyType,

    /// <summary>Every flag defined here.</summary>
    All = (1u << 21) - 1,
}
#pragma warning restore CA1711
