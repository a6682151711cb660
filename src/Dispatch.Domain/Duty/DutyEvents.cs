using NodaTime;

namespace Dispatch.Domain.Duty;

/// <summary>
/// The county's duty level changes at <paramref name="EffectiveAt"/> (now or later), issued by
/// <paramref name="Issuer"/> (the patrol detachment, as province and city require) for <paramref name="Reason"/>.
/// The first one, written by the system on first start, begins the visit schedule.
/// </summary>
public sealed record DutyLevelChanged(DutyLevel Level, Instant EffectiveAt, string Issuer, string Reason, string Actor,
    Instant OccurredAt) : IDispatchEvent;

/// <summary>Local days (inclusive) declared a major holiday or security period: peak duty applies even off workdays.</summary>
public sealed record PeakDutyDesignated(LocalDate From, LocalDate To, string Reason, string Actor, Instant OccurredAt)
    : IDispatchEvent;
