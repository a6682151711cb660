using Dispatch.Domain.Access;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Elderly;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Inspections;
using Dispatch.Domain.Integration;
using Dispatch.Domain.Patrol;
using Dispatch.Domain.RollCalls;
using Dispatch.Domain.Units;

namespace Dispatch.Projections;

/// <summary>
/// Every stored event type with its stable alias. The alias is what is written to the database, so a
/// renamed or moved .NET type keeps reading old events. Never change an alias; add a new event instead.
/// </summary>
public static class EventCatalog
{
    public static readonly IReadOnlyList<(Type Type, string Alias)> Events =
    [
        (typeof(IncidentReported), "incident_reported.v1"),
        (typeof(UnitDispatched), "unit_dispatched.v1"),
        (typeof(NoUnitAvailable), "no_unit_available.v1"),
        (typeof(ResponderWithdrawn), "responder_withdrawn.v1"),
        (typeof(IncidentClosed), "incident_closed.v1"),
        (typeof(IncidentReopened), "incident_reopened.v1"),
        (typeof(UnitCommissioned), "unit_commissioned.v1"),
        (typeof(UnitAssigned), "unit_assigned.v1"),
        (typeof(UnitAcknowledged), "unit_acknowledged.v1"),
        (typeof(UnitEnRoute), "unit_en_route.v1"),
        (typeof(UnitArrivedOnScene), "unit_arrived_on_scene.v1"),
        (typeof(UnitCleared), "unit_cleared.v1"),
        (typeof(UnitReleased), "unit_released.v1"),
        (typeof(UnitDutyChanged), "unit_duty_changed.v1"),
        (typeof(UnitPositionReported), "unit_position_reported.v1"),
        (typeof(UnitCrewChanged), "unit_crew_changed.v1"),
        (typeof(DutyLevelChanged), "duty_level_changed.v1"),
        (typeof(PeakDutyDesignated), "peak_duty_designated.v1"),
        (typeof(PatrolPointVisited), "patrol_point_visited.v1"),
        (typeof(MissedVisitRaised), "missed_visit_raised.v1"),
        (typeof(MissedVisitRetracted), "missed_visit_retracted.v1"),
        (typeof(RollCallStarted), "roll_call_started.v1"),
        (typeof(RollCallAnswered), "roll_call_answered.v1"),
        (typeof(RollCallClosed), "roll_call_closed.v1"),
        (typeof(SpotCheckDrawn), "spot_check_drawn.v1"),
        (typeof(FindingRecorded), "finding_recorded.v1"),
        // Access: API keys for machines and devices
        (typeof(ApiKeyIssued), "api_key_issued.v1"),
        (typeof(ApiKeyRevoked), "api_key_revoked.v1"),
        // Integration: integrators' webhooks (issue 6)
        (typeof(WebhookRegistered), "webhook_registered.v1"),
        (typeof(WebhookRemoved), "webhook_removed.v1"),
        // Elderly care (issue 7): the registry, shelters, relocations, risk alerts
        (typeof(VulnerablePersonRegistered), "vulnerable_person_registered.v1"),
        (typeof(VulnerablePersonUpdated), "vulnerable_person_updated.v1"),
        (typeof(VulnerablePersonDeregistered), "vulnerable_person_deregistered.v1"),
        (typeof(PersonRelocated), "person_relocated.v1"),
        (typeof(ShelterCommissioned), "shelter_commissioned.v1"),
        (typeof(ShelterOpened), "shelter_opened.v1"),
        (typeof(ShelterClosed), "shelter_closed.v1"),
        (typeof(ShelterOccupantAdmitted), "shelter_occupant_admitted.v1"),
        (typeof(ShelterOccupantLeft), "shelter_occupant_left.v1"),
        (typeof(RiskAlertIssued), "risk_alert_issued.v1"),
        (typeof(RiskAlertDeliveryRecorded), "risk_alert_delivery_recorded.v1"),
    ];

    public static string AliasOf(Type type) =>
        Events.FirstOrDefault(e => e.Type == type).Alias ?? throw new InvalidOperationException($"{type} is not a catalogued event.");
}
