using Dispatch.Domain.Elderly;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;

namespace Dispatch.Projections;

/// <summary>Each registered person, kept inline: a one-key call and an alert read the registry as it is at that moment.</summary>
public partial class VulnerablePersonStateProjection : SingleStreamProjection<VulnerablePersonState, Guid>
{
    public override VulnerablePersonState? Evolve(VulnerablePersonState? snapshot, Guid id, IEvent e) =>
        VulnerablePersonState.Evolve(snapshot, e.Data) is { } state ? state with { Version = e.Version } : null;
}

/// <summary>Each shelter with its occupants, kept inline: relocation decides on it with the stream's version checked.</summary>
public partial class ShelterStateProjection : SingleStreamProjection<ShelterState, Guid>
{
    public override ShelterState? Evolve(ShelterState? snapshot, Guid id, IEvent e) =>
        ShelterState.Evolve(snapshot, e.Data) is { } state ? state with { Version = e.Version } : null;
}

/// <summary>Each risk alert with every recipient's delivery status, kept inline.</summary>
public partial class RiskAlertStateProjection : SingleStreamProjection<RiskAlertState, Guid>
{
    public override RiskAlertState? Evolve(RiskAlertState? snapshot, Guid id, IEvent e) =>
        RiskAlertState.Evolve(snapshot, e.Data) is { } state ? state with { Version = e.Version } : null;
}

public static class ElderlyCareStore
{
    public const string DeviceIndex = "uix_vulnerable_person_active_device";

    /// <summary>The store refused a second person holding the same device (the unique index above).</summary>
    public static bool IsDeviceClash(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is Npgsql.PostgresException { SqlState: "23505" } clash && clash.ConstraintName == DeviceIndex) return true;
        return false;
    }

    public static void AddElderlyCare(this StoreOptions opts)
    {
        opts.Projections.Add(new VulnerablePersonStateProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new ShelterStateProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new RiskAlertStateProjection(), ProjectionLifecycle.Inline);
        // One person per one-key device, enforced by the store: two registrations racing with the same new device cannot
        // both commit (the inline projection writes this document in the events' transaction). Deregistered people hold none.
        opts.Schema.For<VulnerablePersonState>().UniqueIndex(Marten.Schema.UniqueIndexType.Computed, DeviceIndex, x => x.ActiveDeviceId!);
    }
}
