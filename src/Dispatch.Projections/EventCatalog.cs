using Dispatch.Domain.Access;
using Dispatch.Domain.Departments;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Elderly;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Inspections;
using Dispatch.Domain.Integration;
using Dispatch.Domain.Materials;
using Dispatch.Domain.Patrol;
using Dispatch.Domain.Plans;
using Dispatch.Domain.Relief;
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
        // Emergency plans, their attachment to incidents, and department tasks (issue 7)
        (typeof(EmergencyPlanPublished), "emergency_plan_published.v1"),
        (typeof(EmergencyPlanRevised), "emergency_plan_revised.v1"),
        (typeof(EmergencyPlanFeedbackFiled), "emergency_plan_feedback_filed.v1"),
        (typeof(IncidentReclassified), "incident_reclassified.v1"),
        (typeof(DepartmentTaskAssigned), "department_task_assigned.v1"),
        (typeof(DepartmentTaskAcknowledged), "department_task_acknowledged.v1"),
        (typeof(DepartmentTaskCompleted), "department_task_completed.v1"),
        // Materials: depots' stock and allocations to incidents (issue 7)
        (typeof(DepotCommissioned), "depot_commissioned.v1"),
        (typeof(MaterialsReceived), "materials_received.v1"),
        (typeof(MaterialsReserved), "materials_reserved.v1"),
        (typeof(MaterialsDispatched), "materials_dispatched.v1"),
        (typeof(MaterialsReturned), "materials_returned.v1"),
        (typeof(MaterialReservationReleased), "material_reservation_released.v1"),
        (typeof(MaterialsWrittenOff), "materials_written_off.v1"),
        (typeof(ReliefMaterialsIssued), "relief_materials_issued.v1"),
        (typeof(MaterialsAllocated), "materials_allocated.v1"),
        (typeof(AllocationLinesDispatched), "allocation_lines_dispatched.v1"),
        (typeof(AllocationLinesReturned), "allocation_lines_returned.v1"),
        (typeof(AllocationLinesReleased), "allocation_lines_released.v1"),
        // Relief distribution (救助物资, issue 7)
        (typeof(ReliefRoundOpened), "relief_round_opened.v1"),
        (typeof(ReliefIssued), "relief_issued.v1"),
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
