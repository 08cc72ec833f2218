package io.vmledger.capture.vsphere;

import com.vmware.vim25.ArrayOfManagedObjectReference;
import com.vmware.vim25.InvalidLogin;
import com.vmware.vim25.ManagedObjectNotFound;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.RetrieveResult;
import com.vmware.vim25.SystemError;
import com.vmware.vim25.VirtualMachinePowerState;
import org.junit.jupiter.api.Test;

import javax.xml.stream.XMLStreamException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.rmi.RemoteException;
import java.util.Calendar;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streaming readers of property results and faults, on responses as vcsim and vCenter write them. */
class SoapReadersTest {

    private static final String ENVELOPE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            + "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<soapenv:Body>%s</soapenv:Body></soapenv:Envelope>";

    private static RetrieveResult read(String body) throws XMLStreamException {
        String xml = String.format(ENVELOPE, body);
        return RetrieveResultReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** vcsim's spelling: its own prefix for the instance namespace, declared on each value, before {@code type}. */
    private static String vcsimVal(String xsiType, String extra, String text) {
        return "<val xmlns:XMLSchema-instance=\"http://www.w3.org/2001/XMLSchema-instance\" XMLSchema-instance:type=\""
                + xsiType + "\"" + extra + ">" + text + "</val>";
    }

    @Test
    void readsAPageAsVcsimWritesIt() throws Exception {
        RetrieveResult result = read("<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval>"
                + "<token>page-2</token>"
                + "<objects><obj type=\"VirtualMachine\">vm-51</obj>"
                + "<propSet><name>name</name>" + vcsimVal("xsd:string", "", "DC0_C0_RP0_VM1 &amp; co") + "</propSet>"
                + "<propSet><name>config.hardware.numCPU</name>" + vcsimVal("xsd:int", "", "2") + "</propSet>"
                + "<propSet><name>summary.storage.committed</name>" + vcsimVal("xsd:long", "", "21475885056") + "</propSet>"
                + "<propSet><name>config.template</name>" + vcsimVal("xsd:boolean", "", "false") + "</propSet>"
                + "<propSet><name>config.createDate</name>" + vcsimVal("xsd:dateTime", "", "2021-03-01T08:37:00.25Z") + "</propSet>"
                + "<propSet><name>runtime.powerState</name>" + vcsimVal("VirtualMachinePowerState", "", "poweredOff") + "</propSet>"
                + "<propSet><name>resourcePool</name>" + vcsimVal("ManagedObjectReference", " type=\"VirtualApp\"", "resgroup-v15") + "</propSet>"
                + "</objects>"
                + "</returnval></RetrievePropertiesExResponse>");

        assertEquals("page-2", result.getToken());
        ObjectContent vm = result.getObjects()[0];
        assertEquals("VirtualMachine", vm.getObj().getType());
        assertEquals("vm-51", vm.getObj().getVal());
        Map<String, Object> values = VmConverter.properties(vm);
        assertEquals("DC0_C0_RP0_VM1 & co", values.get("name"));
        assertEquals(2, values.get("config.hardware.numCPU"));
        assertEquals(21_475_885_056L, values.get("summary.storage.committed"));
        assertEquals(Boolean.FALSE, values.get("config.template"));
        assertEquals(1_614_587_820_250L, ((Calendar) values.get("config.createDate")).getTimeInMillis());
        assertEquals(VirtualMachinePowerState.poweredOff, values.get("runtime.powerState"));
        ManagedObjectReference pool = (ManagedObjectReference) values.get("resourcePool");
        assertEquals("VirtualApp", pool.getType(), "the type attribute, not xsi:type");
        assertEquals("resgroup-v15", pool.getVal());
        assertNull(vm.getMissingSet());
    }

    @Test
    void readsMissingPropertiesWithTheirFaultType() throws Exception {
        RetrieveResult result = read("<ContinueRetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval>"
                + "<objects><obj type=\"VirtualMachine\">vm-7</obj>"
                + "<propSet><name>name</name><val xsi:type=\"xsd:string\">web01</val></propSet>"
                + "<missingSet><path>summary.storage.committed</path><fault><fault xsi:type=\"SystemError\">"
                + "<reason>disk busy</reason></fault><localizedMessage>A general system error occurred</localizedMessage></fault></missingSet>"
                + "</objects></returnval></ContinueRetrievePropertiesExResponse>");

        ObjectContent vm = result.getObjects()[0];
        assertNull(result.getToken());
        assertEquals("summary.storage.committed", vm.getMissingSet()[0].getPath());
        assertInstanceOf(SystemError.class, vm.getMissingSet()[0].getFault().getFault());
        String reason = VmConverter.incompleteness(vm, VmConverter.properties(vm));
        assertTrue(reason.contains("summary.storage.committed") && reason.contains("SystemError"), reason);
    }

    @Test
    void readsTheViewListAndDatesWithoutAZone() throws Exception {
        RetrieveResult result = read("<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval><objects>"
                + "<obj type=\"ContainerView\">session[1]view</obj>"
                + "<propSet><name>view</name><val xsi:type=\"ArrayOfManagedObjectReference\">"
                + "<ManagedObjectReference type=\"VirtualMachine\">vm-1</ManagedObjectReference>"
                + "<ManagedObjectReference type=\"VirtualMachine\">vm-2</ManagedObjectReference></val></propSet>"
                + "<propSet><name>when</name><val xsi:type=\"xsd:dateTime\">2024-05-06T07:08:09</val></propSet>"
                + "</objects></returnval></RetrievePropertiesExResponse>");

        Map<String, Object> values = VmConverter.properties(result.getObjects()[0]);
        ManagedObjectReference[] vms = ((ArrayOfManagedObjectReference) values.get("view")).getManagedObjectReference();
        assertEquals(2, vms.length);
        assertEquals("vm-2", vms[1].getVal());
        assertEquals(1_714_979_289_000L, ((Calendar) values.get("when")).getTimeInMillis(), "no zone means UTC");
    }

    @Test
    void anEmptyResultIsNull() throws Exception {
        assertNull(read("<RetrievePropertiesExResponse xmlns=\"urn:vim25\"/>"));
        assertNull(read("<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval></returnval></RetrievePropertiesExResponse>"));
    }

    @Test
    void anUnsupportedValueFailsInsteadOfBeingDropped() {
        XMLStreamException e = assertThrows(XMLStreamException.class, () -> read(
                "<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval><objects><obj type=\"VirtualMachine\">vm-1</obj>"
                        + "<propSet><name>config</name><val xsi:type=\"VirtualMachineConfigInfo\"><name>x</name></val></propSet>"
                        + "</objects></returnval></RetrievePropertiesExResponse>"));
        assertTrue(e.getMessage().contains("VirtualMachineConfigInfo") && e.getMessage().contains("config"), e.getMessage());
    }

    @Test
    void entitiesAreNotExpanded() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>"
                + String.format(ENVELOPE, "<RetrievePropertiesExResponse><returnval><objects><obj type=\"VirtualMachine\">&secret;</obj>"
                + "</objects></returnval></RetrievePropertiesExResponse>").substring("<?xml version=\"1.0\" encoding=\"UTF-8\"?>".length());
        assertThrows(XMLStreamException.class,
                () -> RetrieveResultReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
    }

    private static RemoteException fault(int status, String body) {
        return SoapFaultReader.read("Login", status, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void faultsBecomeTypedCauses() {
        RemoteException login = fault(500, String.format(ENVELOPE, "<soapenv:Fault><faultcode>ServerFaultCode</faultcode>"
                + "<faultstring>Cannot complete login due to an incorrect user name or password.</faultstring>"
                + "<detail><InvalidLoginFault xmlns=\"urn:vim25\" xsi:type=\"InvalidLogin\"></InvalidLoginFault></detail>"
                + "</soapenv:Fault>"));
        assertTrue(Faults.is(login, InvalidLogin.class));
        assertFalse(Faults.isSessionLoss(login));
        assertEquals("Login: InvalidLogin (Cannot complete login due to an incorrect user name or password.)", Faults.describe(login));

        RemoteException session = fault(500, String.format(ENVELOPE, "<soapenv:Fault><faultcode>ServerFaultCode</faultcode>"
                + "<faultstring>The session is not authenticated.</faultstring>"
                + "<detail><NotAuthenticatedFault xmlns=\"urn:vim25\"><object type=\"Folder\">group-d1</object>"
                + "<privilegeId>System.View</privilegeId></NotAuthenticatedFault></detail></soapenv:Fault>"));
        assertTrue(Faults.isSessionLoss(session), "type from the element name when xsi:type is absent");

        RemoteException gone = fault(500, String.format(ENVELOPE, "<soapenv:Fault><faultcode>ServerFaultCode</faultcode>"
                + "<faultstring>The object has already been deleted</faultstring><detail>"
                + "<ManagedObjectNotFoundFault xmlns=\"urn:vim25\" xsi:type=\"ManagedObjectNotFound\"><obj type=\"VirtualMachine\">vm-9</obj>"
                + "</ManagedObjectNotFoundFault></detail></soapenv:Fault>"));
        assertTrue(Faults.is(gone, ManagedObjectNotFound.class));
    }

    @Test
    void aNonSoapErrorShowsTheStatusAndTheStartOfTheBody() {
        RemoteException e = fault(503, "<html><body>Service   Unavailable</body></html>");
        assertEquals("Login: HTTP 503: <html><body>Service Unavailable</body></html>", e.getMessage());
    }
}
