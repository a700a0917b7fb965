// The heavy part of the read-only diagram, loaded only through a dynamic import so bpmn-js and its
// styles land in their own chunk and never in the main bundle.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import './diagram-markers.css';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

export { NavigatedViewer };
